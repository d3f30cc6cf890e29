using System.Text;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Fuzzing;

/// <summary>
/// Bodies for the JSON endpoints: random bytes, deep nesting, numbers no field type can hold, values of the wrong type,
/// encoding tricks, and mutations of valid challenge and session bodies (the caller may add real ones as seeds).
/// </summary>
internal static class JsonBodies
{
    private const string JsonPool = "{}[]\":,\\0123456789-+.eE tfnul\"axé\u0000\ud800";

    private static readonly string[] s_validBodies =
    [
        """{"address":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"}""",
        """{"address":"0x2c7536e3605d9c16a7a3d7b1898e529396a65c23","chainId":10,"permissions":["profile/read","notes/read"],"lifetime":600,"renew":false}""",
        """{"address":"0x2C7536E3605D9C16A7A3D7B1898E529396A65C23","permissions":[],"renew":true}""",
        """{"message":"localhost wants you to sign in with your Ethereum account:\n0x2c7536E3605D9C16a7a3D7b1898e529396a65c23\n\nURI: http://localhost\nVersion: 1\nChain ID: 1\nNonce: abcdefgh12345678\nIssued At: 2024-06-01T12:00:00.000Z","signature":"0x00"}""",
    ];

    private static readonly string[] s_fields = ["address", "chainId", "permissions", "lifetime", "renew", "message", "signature"];

    private static readonly string[] s_awkwardValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "18446744073709551616", "-9223372036854775809",
        "9223372036854775807", "99999999999999999999999999999999999999", "0.0000000000000000000000000001", "\"\"", "\"x\"",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "[]", "[null]", "[1,2]", "[\"profile/read\",null]", "{}", "{\"a\":1}",
        "\"0x\"", "\"0x2c7536E3605D9C16a7a3D7b1898e529396a65c2\"", "\"true\"", "\"1\"",
    ];

    public static byte[] Next(Random random, IReadOnlyList<string>? validBodies = null)
    {
        var valid = validBodies is { Count: > 0 } && random.Next(2) == 0 ? validBodies : s_validBodies;
        switch (random.Next(8))
        {
            case 0:
                var bytes = new byte[random.Next(300)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return Utf8(Nested(random));
            case 2:
            case 3:
                return Utf8(WrongTypes(random));
            case 4:
                return Encodings(random, valid[random.Next(valid.Count)]);
            default:
                return Utf8(FuzzInput.Mutate(random, valid[random.Next(valid.Count)], JsonPool));
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // Past the serializer's depth limit of 64, and far past it; closed or not, inside a field or at the top.
    private static string Nested(Random random)
    {
        var depth = random.Next(4) switch { 0 => 63 + random.Next(4), 1 => random.Next(1, 64), _ => random.Next(64, 1500) };
        var (open, close) = random.Next(3) switch { 0 => ("[", "]"), 1 => ("{\"a\":", "}"), _ => ("{\"permissions\":[", "]}") };
        var text = new StringBuilder();
        if (random.Next(2) == 0)
        {
            text.Append("{\"").Append(s_fields[random.Next(s_fields.Length)]).Append("\":");
        }

        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(random.Next(2) == 0 ? "1" : "null");
        var closing = random.Next(3) == 0 ? random.Next(depth) : depth;
        for (var i = 0; i < closing; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }

    // Every field with a value of a random kind: huge numbers, strings for numbers, arrays for strings, nulls.
    private static string WrongTypes(Random random)
    {
        var text = new StringBuilder("{");
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            text.Append('"').Append(s_fields[random.Next(s_fields.Length)]).Append("\":").Append(s_awkwardValues[random.Next(s_awkwardValues.Length)]);
            text.Append(i > 1 ? "," : "");
        }

        return text.Append('}').ToString();
    }

    // Valid text in invalid clothes: a BOM, invalid UTF-8, escaped keys, duplicates, comments, trailing commas, a top-level non-object.
    private static byte[] Encodings(Random random, string body)
    {
        switch (random.Next(8))
        {
            case 0: return [0xEF, 0xBB, 0xBF, .. Utf8(body)];
            case 1:
                var bytes = Utf8(body);
                bytes[random.Next(bytes.Length)] = (byte)(0x80 + random.Next(0x80));
                return bytes;
            case 2: return Utf8(body.Replace("\"address\"", "\"\\u0061ddress\"", StringComparison.Ordinal).Replace("\"message\"", "\"Message\"", StringComparison.Ordinal));
            case 3: return Utf8(body[..^1] + "," + body[1..]);
            case 4: return Utf8("/* c */" + body);
            case 5: return Utf8(body[..^1] + ",}");
            case 6: return Utf8(body + body);
            default: return Utf8(s_awkwardValues[random.Next(s_awkwardValues.Length)]);
        }
    }
}
