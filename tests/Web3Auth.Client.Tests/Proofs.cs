using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Web3Auth.Client.Tests;

/// <summary>Reads a DPoP proof the client made, independently of both the client and the server.</summary>
public static class Proofs
{
    public static (JsonObject Header, JsonObject Claims) Decode(string proof)
    {
        var parts = proof.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject(), JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject());
    }

    public static string Ath(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public static string TokenOf(RecordedExchange exchange)
    {
        Assert.NotNull(exchange.Authorization);
        Assert.StartsWith("DPoP ", exchange.Authorization, StringComparison.Ordinal);
        return exchange.Authorization["DPoP ".Length..];
    }
}
