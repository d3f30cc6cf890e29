using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

/// <summary>
/// A non-browser client of the sample's JSON API: signs in with a wallet over the package's endpoints and then
/// calls the API with <c>Authorization: Bearer</c>, as a script or a mobile app would.
/// </summary>
public sealed class BearerClient(HttpClient http, string token)
{
    private static readonly string[] ProblemMembers = ["type", "title", "detail", "error"];

    public string Token { get; } = token;

    /// <summary>The <c>Set-Cookie</c> of the sign-in answer (the site has the cookie transport on).</summary>
    public string? SessionCookie { get; private init; }

    public static async Task<BearerClient> SignInAsync(HttpClient http, TestWallet wallet, string[]? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(wallet);
        var challenge = await http.PostAsJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString(), chainId = 1, permissions });
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        var message = (string)(await ReadObjectAsync(challenge))["message"]!;

        var session = await http.PostAsJsonAsync("/auth/web3/session", new { message, signature = wallet.SignPersonalMessage(message) });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var token = (string)(await ReadObjectAsync(session))["token"]!;
        return new BearerClient(http, token)
        {
            SessionCookie = session.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Single().Split(';')[0] : null,
        };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PutJsonAsync(string path, object body) => SendAsync(HttpMethod.Put, path, body);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

    /// <summary>
    /// Asserts an RFC 9457 problem with <paramref name="status"/> and the members every problem of the site carries
    /// (<c>type</c>, <c>title</c>, <c>detail</c> and the <c>error</c> code); returns its body.
    /// </summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        foreach (var member in ProblemMembers)
        {
            Assert.True(problem[member] is JsonValue value && !string.IsNullOrEmpty((string?)value), $"no \"{member}\" in {body}");
        }

        return problem;
    }
}
