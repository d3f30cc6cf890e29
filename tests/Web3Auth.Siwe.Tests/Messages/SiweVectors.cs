using System.Text.Json;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>
/// Reads the SIWE reference test vectors (tests/vectors/siwe, copied to the output as vectors/siwe/*.json).
/// Each file maps a case name to a message string or to a fields object.
/// </summary>
internal static class SiweVectors
{
    public const string ParsingPositive = "parsing_positive.json";
    public const string ParsingNegative = "parsing_negative.json";
    public const string ParsingNegativeObjects = "parsing_negative_objects.json";
    public const string VerificationPositive = "verification_positive.json";
    public const string VerificationNegative = "verification_negative.json";

    private static readonly Dictionary<string, JsonElement> Files = [];
    private static readonly Lock Gate = new();

    /// <summary>The case names of a file, for [MemberData]: each name becomes its own test case.</summary>
    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (var property in Load(file).EnumerateObject())
        {
            data.Add(property.Name);
        }

        return data;
    }

    public static JsonElement Case(string file, string name) => Load(file).GetProperty(name);

    /// <summary>
    /// A builder holding the fields of a reference fields object (the keys the reference uses: domain, address,
    /// statement, uri, version, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources, scheme).
    /// Returns <see langword="null"/> when a value cannot even be represented by the builder's types (a chain ID that is
    /// not a non-negative integer): such a fields object is rejected by the type system before any check runs.
    /// </summary>
    public static SiweMessageBuilder? ToBuilder(JsonElement fields)
    {
        var builder = new SiweMessageBuilder
        {
            Scheme = String(fields, "scheme"),
            Domain = String(fields, "domain"),
            Address = String(fields, "address"),
            Statement = String(fields, "statement"),
            Uri = String(fields, "uri"),
            Version = String(fields, "version"),
            Nonce = String(fields, "nonce"),
            IssuedAt = String(fields, "issuedAt"),
            ExpirationTime = String(fields, "expirationTime"),
            NotBefore = String(fields, "notBefore"),
            RequestId = String(fields, "requestId"),
        };

        if (fields.TryGetProperty("chainId", out var chainId) && chainId.ValueKind != JsonValueKind.Null)
        {
            if (chainId.ValueKind != JsonValueKind.Number || !chainId.TryGetUInt64(out var value))
            {
                return null;
            }

            builder.ChainId = value;
        }

        if (fields.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            builder.Resources = [.. resources.EnumerateArray().Select(r => r.GetString()!)];
        }

        return builder;
    }

    public static string? String(JsonElement fields, string key) =>
        fields.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static JsonElement Load(string file)
    {
        lock (Gate)
        {
            if (!Files.TryGetValue(file, out var root))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "vectors", "siwe", file);
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                root = document.RootElement.Clone();
                Files[file] = root;
            }

            return root;
        }
    }
}
