using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>Speaks the HTTP contract the way a browser client would: challenge, personal_sign, session.</summary>
public sealed class Web3TestClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public Task<JsonObject> ChallengeAsync(TestWallet wallet, string[]? permissions = null, long? lifetime = null, ulong chainId = 1, bool renew = false, string? token = null,
        JsonObject? sessionKey = null) =>
        ChallengeAsync(wallet.Address, permissions, lifetime, chainId, renew, token, sessionKey);

    /// <summary>A challenge for any address, such as a smart-contract wallet's.</summary>
    public async Task<JsonObject> ChallengeAsync(EthereumAddress address, string[]? permissions = null, long? lifetime = null, ulong chainId = 1, bool renew = false, string? token = null,
        JsonObject? sessionKey = null)
    {
        var response = await PostJsonAsync("/auth/web3/challenge", new { address = address.ToString(), chainId, permissions, lifetime, renew, sessionKey }, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Signs in with a session key: the session is bound to <paramref name="key"/>.</summary>
    public async Task<JsonObject> SignInKeyBoundAsync(TestWallet wallet, DpopTestKey key, string[]? permissions = null)
    {
        var challenge = await ChallengeAsync(wallet, permissions, sessionKey: key.Jwk);
        var message = (string)challenge["message"]!;
        var response = await SubmitAsync(message, wallet.SignPersonalMessage(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadObjectAsync(response);
    }

    /// <summary>
    /// A request with <c>Authorization: DPoP</c> and a proof by <paramref name="key"/> for it (the test host's origin is
    /// http://localhost); <paramref name="proof"/> replaces the proof when given.
    /// </summary>
    public async Task<HttpResponseMessage> SendDpopAsync(HttpMethod method, string path, string token, DpopTestKey key, DateTimeOffset now, string? proof = null, string? nonce = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        request.Headers.Add("DPoP", proof ?? key.Proof(method.Method, "http://localhost" + path.Split('?')[0], token, now, nonce));
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> SubmitAsync(string message, string signature) =>
        PostJsonAsync("/auth/web3/session", new { message, signature });

    /// <summary>Signs in and returns the session response.</summary>
    public async Task<JsonObject> SignInAsync(TestWallet wallet, string[]? permissions = null, long? lifetime = null)
    {
        var challenge = await ChallengeAsync(wallet, permissions, lifetime);
        var message = (string)challenge["message"]!;
        var response = await SubmitAsync(message, wallet.SignPersonalMessage(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadObjectAsync(response);
    }

    public async Task<string> SignInTokenAsync(TestWallet wallet, string[]? permissions = null, long? lifetime = null) =>
        (string)(await SignInAsync(wallet, permissions, lifetime))["token"]!;

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts a problem+json answer with the given status and stable error code.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(error, (string?)problem["error"]);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        return problem;
    }

    public void Dispose() => Http.Dispose();
}
