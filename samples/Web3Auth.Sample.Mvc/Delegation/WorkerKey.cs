using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Web3Auth.Siwe.Keys;

namespace Web3Auth.Sample.Mvc.Delegation;

/// <summary>
/// The worker's public session key as it published it: a public EC JWK on P-256 or secp256k1, and its did:key (the
/// URI of every sign-in message that delegates a session to the worker, as the wallet shows it).
/// </summary>
/// <param name="Jwk">The key as <c>{"kty","crv","x","y"}</c>, nothing else.</param>
/// <param name="DidKey">The key's did:key.</param>
/// <param name="RegisteredAt">When the worker published it.</param>
public sealed record WorkerKey(JsonObject Jwk, string DidKey, DateTimeOffset RegisteredAt)
{
    /// <summary>Reads a public JWK; <paramref name="reason"/> says what is wrong otherwise.</summary>
    public static bool TryRead(JsonElement jwk, DateTimeOffset now, [NotNullWhen(true)] out WorkerKey? key, [NotNullWhen(false)] out string? reason)
    {
        key = null;
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            reason = "sessionKey must be a JWK object.";
            return false;
        }

        if (jwk.TryGetProperty("d", out _))
        {
            reason = "The JWK has a private member (d): publish only the public key.";
            return false;
        }

        var curve = Text(jwk, "crv") switch
        {
            "P-256" => SessionKeyCurve.P256,
            "secp256k1" => SessionKeyCurve.Secp256k1,
            _ => (SessionKeyCurve?)null,
        };
        if (Text(jwk, "kty") != "EC" || curve is null)
        {
            reason = "The JWK must be an EC key (kty EC) on P-256 or secp256k1.";
            return false;
        }

        if (!TryCoordinate(jwk, "x", out var x) || !TryCoordinate(jwk, "y", out var y) || !SessionKeyPoints.IsOnCurve(curve.Value, x, y))
        {
            reason = "The JWK's x and y must be 32-byte base64url coordinates of a point on its curve.";
            return false;
        }

        key = new WorkerKey(
            new JsonObject { ["kty"] = "EC", ["crv"] = Text(jwk, "crv"), ["x"] = Base64Url.EncodeToString(x), ["y"] = Base64Url.EncodeToString(y) },
            Siwe.Keys.DidKey.Encode(curve.Value, x, y),
            now);
        reason = null;
        return true;
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryCoordinate(JsonElement jwk, string name, out byte[] coordinate)
    {
        coordinate = [];
        var text = Text(jwk, name);
        if (text is null || text.Length != 43)
        {
            return false;
        }

        var bytes = new byte[32];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != 32 || Base64Url.EncodeToString(bytes) != text)
        {
            return false;
        }

        coordinate = bytes;
        return true;
    }
}
