using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// A request the page sent with a key-bound token, as it went on the wire: <c>Authorization: DPoP {Token}</c> and
/// the <c>DPoP</c> header's proof, with the proof's JWS header and claims decoded (not verified: the server does).
/// </summary>
public sealed record DpopRequest(string Method, string Url, string Token, string Proof, JsonObject Header, JsonObject Claims)
{
    /// <summary>The request's DPoP credential; fails the test if it has none.</summary>
    public static async Task<DpopRequest> ReadAsync(IRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = await request.AllHeadersAsync();
        Assert.True(headers.TryGetValue("authorization", out var authorization), $"{request.Method} {request.Url} carried no Authorization header.");
        Assert.StartsWith("DPoP ", authorization, StringComparison.Ordinal);
        Assert.True(headers.TryGetValue("dpop", out var proof), $"{request.Method} {request.Url} carried no DPoP proof.");

        var parts = proof.Split('.');
        Assert.Equal(3, parts.Length);
        return new DpopRequest(request.Method, request.Url, authorization["DPoP ".Length..], proof, Decode(parts[0]), Decode(parts[1]));
    }

    /// <summary>The proof's <c>jti</c>.</summary>
    public string Id => (string)Claims["jti"]!;

    private static JsonObject Decode(string part) => JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(part)))!.AsObject();
}
