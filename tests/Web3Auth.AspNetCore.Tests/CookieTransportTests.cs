using System.Net;
using System.Text;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class CookieTransportTests
{
    private static Web3AppFactory CookieApp() => new() { ConfigureOptions = o => o.UseSessionCookie = true };

    private static async Task<string> SignInForCookieAsync(Web3TestClient client) => (await SignInWithCookieAsync(client)).SetCookie;

    private static async Task<(string SetCookie, string Token)> SignInWithCookieAsync(Web3TestClient client)
    {
        var wallet = TestWallet.FromSeed(70);
        var challenge = await client.ChallengeAsync(wallet, ["notes/read"]);
        var message = (string)challenge["message"]!;
        var response = await client.SubmitAsync(message, wallet.SignPersonalMessage(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        return (setCookie, (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!);
    }

    [Fact]
    public async Task The_cookie_holds_another_credential_than_the_token_and_the_token_is_no_cookie()
    {
        using var app = CookieApp();
        using var client = app.CreateWeb3Client();
        var (setCookie, token) = await SignInWithCookieAsync(client);
        var cookie = setCookie.Split(';')[0];
        Assert.NotEqual("__Host-web3-session=" + token, cookie);

        foreach (var (header, expected) in new[] { (cookie, HttpStatusCode.OK), ("__Host-web3-session=" + token, HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notes");
            request.Headers.Add("Cookie", header);
            Assert.Equal(expected, (await client.Http.SendAsync(request)).StatusCode);
        }

        // Nor is the cookie's value a token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/notes", cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..])).StatusCode);
    }

    [Fact]
    public async Task Login_sets_a_host_only_httponly_secure_strict_cookie()
    {
        using var app = CookieApp();
        using var client = app.CreateWeb3Client();

        var setCookie = await SignInForCookieAsync(client);

        Assert.StartsWith("__Host-web3-session=", setCookie, StringComparison.Ordinal);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_cookie_authenticates_reads_and_same_origin_writes_but_not_cross_site_writes()
    {
        using var app = CookieApp();
        using var client = app.CreateWeb3Client();
        var cookie = (await SignInForCookieAsync(client)).Split(';')[0];

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Cookie", cookie);
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            return await client.Http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/notes", ("Origin", "http://localhost"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/notes", ("Sec-Fetch-Site", "same-origin"))).StatusCode);

        await Web3TestClient.AssertProblemAsync(await SendAsync(HttpMethod.Post, "/api/notes", ("Origin", "https://evil.example")), HttpStatusCode.Forbidden, Web3ErrorCodes.CsrfRejected);
        await Web3TestClient.AssertProblemAsync(await SendAsync(HttpMethod.Post, "/api/notes", ("Sec-Fetch-Site", "cross-site")), HttpStatusCode.Forbidden, Web3ErrorCodes.CsrfRejected);
        await Web3TestClient.AssertProblemAsync(await SendAsync(HttpMethod.Post, "/api/notes"), HttpStatusCode.Forbidden, Web3ErrorCodes.CsrfRejected);
        await Web3TestClient.AssertProblemAsync(await SendAsync(HttpMethod.Delete, "/auth/web3/sessions", ("Origin", "https://evil.example")), HttpStatusCode.Forbidden, Web3ErrorCodes.CsrfRejected);
    }

    [Fact]
    public async Task Signing_out_deletes_the_cookie()
    {
        using var app = CookieApp();
        using var client = app.CreateWeb3Client();
        var cookie = (await SignInForCookieAsync(client)).Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/auth/web3/session");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", "http://localhost");
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-web3-session=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_cookie_transport_a_cookie_is_ignored()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(71));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", "__Host-web3-session=" + token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_cookie_of_a_session_that_ended_is_deleted()
    {
        using var app = CookieApp();
        using var client = app.CreateWeb3Client();
        var (setCookie, token) = await SignInWithCookieAsync(client);
        var cookie = setCookie.Split(';')[0];
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notes");
        request.Headers.Add("Cookie", cookie);
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-web3-session=;", StringComparison.Ordinal));
    }
}
