using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.Json.Nodes;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.ProofOfPossession;

/// <summary>
/// Signing in with a session key: the message names the key (EIP-5573 delegee, did:key), the session is bound to its
/// thumbprint, and its token works only with the key's proofs.
/// </summary>
public class KeyBoundSignInTests
{
    [Theory]
    [InlineData("P-256", "did:key:zDn")]
    [InlineData("secp256k1", "did:key:zQ3s")]
    public async Task The_message_names_the_key_and_the_session_answers_DPoP(string curve, string didPrefix)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        using var key = curve == "P-256" ? DpopTestKey.P256() : DpopTestKey.Secp256k1(1);
        var wallet = TestWallet.FromSeed(500);

        var challenge = await client.ChallengeAsync(wallet, ["profile/read"], sessionKey: key.Jwk);
        var message = (string)challenge["message"]!;
        var uri = message.Split('\n').Single(l => l.StartsWith("URI: ", StringComparison.Ordinal))["URI: ".Length..];
        Assert.StartsWith(didPrefix, uri, StringComparison.Ordinal);
        // The ReCap grants the site's origin, and the statement says so in words the wallet shows.
        Assert.Contains("I further authorize the stated URI to perform the following actions on my behalf: (1) 'profile': 'read' for 'http://localhost'.", message, StringComparison.Ordinal);

        var response = await client.SubmitAsync(message, wallet.SignPersonalMessage(message));
        var session = await Web3TestClient.ReadObjectAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DPoP", (string)session["tokenType"]!);
        Assert.Equal(uri, (string)session["sessionKey"]!);

        var token = (string)session["token"]!;
        var me = await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var stored = await app.Services.GetRequiredService<IWeb3SessionStore>().FindSessionAsync(
            new Web3SessionOwner("Web3", wallet.Address), (string)session["sessionId"]!, app.Time.GetUtcNow(), default);
        Assert.Equal(key.Thumbprint, stored!.BoundKey!.Thumbprint);
    }

    public static TheoryData<string, string> RefusedKeys() => new()
    {
        { """{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}","d":"{x}"}""", "private member \"d\"" },
        { """{"kty":"RSA","n":"AQAB","e":"AQAB"}""", "Unsupported key type" },
        { """{"kty":"oct","k":"c2VjcmV0"}""", "private member \"k\"" },
        { """{"kty":"EC","crv":"P-384","x":"{x}","y":"{y}"}""", "Unsupported curve" },
        { """{"kty":"EC","crv":"P-256","x":"{x}A","y":"{y}"}""", "exactly 32 bytes" },
        { """{"kty":"EC","crv":"P-256","x":"{x}","y":"{x}"}""", "not on the P-256 curve" },
        { """{"kty":"EC","crv":"secp256k1","x":"{x}","y":"{y}"}""", "not on the secp256k1 curve" },
        { """{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", "point at infinity" },
        { """{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}","kid":"{long}"}""", "too many or too large" },
        { """{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}","x":"{y}"}""", "twice" },
        { """{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}","alg":"ES256K"}""", "does not fit" },
        { "\"a string\"", "JSON Web Key object" },
    };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task A_session_key_that_is_no_public_EC_key_is_refused_with_the_reason(string jwkTemplate, string reason)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var jwk = jwkTemplate.Replace("{x}", (string)key.Jwk["x"]!, StringComparison.Ordinal).Replace("{y}", (string)key.Jwk["y"]!, StringComparison.Ordinal)
            .Replace("{long}", new string('k', 300), StringComparison.Ordinal);
        var body = $$"""{"address":"{{TestWallet.FromSeed(501).Address}}","sessionKey":{{jwk}}}""";

        var response = await client.SendAsync(HttpMethod.Post, "/auth/web3/challenge", body: body);

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
        Assert.Contains(reason, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x8C })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task A_session_key_with_bytes_that_are_not_UTF8_is_a_400_not_a_500(byte[] invalid)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var start = "{\"address\":\"" + TestWallet.FromSeed(501).Address + "\",\"sessionKey\":{\"kty\":\"EC\",\"crv\":\"";
        var body = Encoding.UTF8.GetBytes(start).Concat(invalid).Concat(Encoding.UTF8.GetBytes("\"}}")).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/web3/challenge") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");

        await Web3TestClient.AssertProblemAsync(await client.Http.SendAsync(request), HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"\\ud800\"}")]
    [InlineData("{\"\\udc00\":\"EC\"}")]
    public async Task A_session_key_with_an_escaped_lone_surrogate_is_a_400_not_a_500(string jwk)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var body = "{\"address\":\"" + TestWallet.FromSeed(501).Address + "\",\"sessionKey\":" + jwk + "}";

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Post, "/auth/web3/challenge", body: body), HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_key_of_an_algorithm_the_site_does_not_accept_is_refused()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Dpop.Algorithms = new HashSet<string> { "ES256" } };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.Secp256k1(2);

        var response = await client.PostJsonAsync("/auth/web3/challenge", new { address = TestWallet.FromSeed(502).Address.ToString(), sessionKey = key.Jwk });

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
        Assert.Contains("ES256K", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_proof_of_possession_is_required_a_sign_in_without_a_key_is_refused()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.ProofOfPossession = Web3ProofOfPossession.Required };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(503);

        var refused = await client.PostJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString() });
        await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest, Web3ErrorCodes.SessionKeyRequired);

        var session = await client.SignInKeyBoundAsync(wallet, key);
        Assert.Equal("DPoP", (string)session["tokenType"]!);
    }

    [Fact]
    public async Task A_permission_that_requires_a_key_is_refused_to_a_bearer_sign_in_and_granted_to_a_key_bound_one()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Permissions.Add("funds/move", "Move your funds", requireKeyBoundSession: true) };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(504);

        var refused = await client.PostJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString(), permissions = new[] { "profile/read", "funds/move" } });
        var problem = await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest, Web3ErrorCodes.SessionKeyRequired);
        Assert.Contains("funds/move", (string)problem["detail"]!, StringComparison.Ordinal);

        var session = await client.SignInKeyBoundAsync(wallet, key, ["profile/read", "funds/move"]);
        Assert.Contains(session["permissions"]!.AsArray(), p => (string)p!["name"]! == "funds/move");
    }

    [Fact]
    public async Task A_renewal_keeps_the_key_unless_it_names_a_new_one_which_then_replaces_it()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        using var first = DpopTestKey.P256();
        using var second = DpopTestKey.Secp256k1(3);
        var wallet = TestWallet.FromSeed(505);
        var token = (string)(await client.SignInKeyBoundAsync(wallet, first))["token"]!;

        // Renewing asks with the session's own token and proof; no sessionKey keeps the key.
        var kept = await RenewAsync(client, app, wallet, token, first, sessionKey: null);
        Assert.Equal(HttpStatusCode.OK, (await client.SendDpopAsync(HttpMethod.Get, "/api/me", kept, first, app.Time.GetUtcNow())).StatusCode);

        var replaced = await RenewAsync(client, app, wallet, kept, first, second.Jwk);
        Assert.Equal(HttpStatusCode.OK, (await client.SendDpopAsync(HttpMethod.Get, "/api/me", replaced, second, app.Time.GetUtcNow())).StatusCode);
        await AssertDpopProblemAsync(await client.SendDpopAsync(HttpMethod.Get, "/api/me", replaced, first, app.Time.GetUtcNow()), "another key");
    }

    private static async Task<string> RenewAsync(Web3TestClient client, Web3AppFactory app, TestWallet wallet, string token, DpopTestKey key, JsonObject? sessionKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/web3/challenge")
        {
            Content = new StringContent(new JsonObject { ["renew"] = true, ["sessionKey"] = sessionKey }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("DPoP", token);
        request.Headers.Add("DPoP", key.Proof("POST", "http://localhost/auth/web3/challenge", token, app.Time.GetUtcNow()));
        var challenge = await client.Http.SendAsync(request);
        var body = await Web3TestClient.ReadObjectAsync(challenge);
        Assert.True(challenge.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var message = (string)body["message"]!;
        var renewed = await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message)));
        Assert.Equal("DPoP", (string)renewed["tokenType"]!);
        return (string)renewed["token"]!;
    }

    [Fact]
    public async Task A_key_bound_token_sent_as_bearer_is_refused_and_challenged_with_DPoP()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(506), key))["token"]!;

        var response = await client.SendAsync(HttpMethod.Get, "/api/me", token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.StartsWith("DPoP error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_session_sent_as_DPoP_is_refused()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(507));

        var response = await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow());

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Contains("not bound to a key", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_token_is_worthless_to_a_client_with_another_key()
    {
        using var app = new Web3AppFactory();
        using var victim = app.CreateWeb3Client();
        using var thief = app.CreateWeb3Client();
        using var victimKey = DpopTestKey.P256();
        using var thiefKey = DpopTestKey.P256();
        var token = (string)(await victim.SignInKeyBoundAsync(TestWallet.FromSeed(508), victimKey))["token"]!;

        await AssertDpopProblemAsync(await thief.SendDpopAsync(HttpMethod.Get, "/api/me", token, thiefKey, app.Time.GetUtcNow()), "another key");
        // Nor with the victim's public key in the header: the thief cannot sign for it.
        var forged = thiefKey.Proof("GET", "http://localhost/api/me", token, app.Time.GetUtcNow(), header: h => h["jwk"] = victimKey.Jwk);
        await AssertDpopProblemAsync(await thief.SendDpopAsync(HttpMethod.Get, "/api/me", token, thiefKey, app.Time.GetUtcNow(), forged), "signature");
        Assert.Equal(HttpStatusCode.OK, (await victim.SendDpopAsync(HttpMethod.Get, "/api/me", token, victimKey, app.Time.GetUtcNow())).StatusCode);
    }

    [Fact]
    public async Task With_the_cookie_on_a_key_bound_session_is_served_by_its_cookie_but_its_token_is_no_cookie()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.UseSessionCookie = true };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(509);
        var challenge = await client.ChallengeAsync(wallet, sessionKey: key.Jwk);
        var message = (string)challenge["message"]!;
        var response = await client.SubmitAsync(message, wallet.SignPersonalMessage(message));
        var token = (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!;
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
        Assert.NotEqual("__Host-web3-session=" + token, cookie);

        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(client, cookie)).StatusCode);
        // The token a page's script holds does not work as the cookie: it needs the key.
        await Web3TestClient.AssertProblemAsync(await GetWithCookieAsync(client, "__Host-web3-session=" + token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(Web3TestClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookie);
        return await client.Http.SendAsync(request);
    }

    internal static async Task<JsonObject> AssertDpopProblemAsync(HttpResponseMessage response, string detail, string error = Web3ErrorCodes.InvalidDpopProof)
    {
        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, error);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith($"DPoP error=\"{error}\"", challenge, StringComparison.Ordinal);
        Assert.Contains("algs=\"ES256 ES256K\"", challenge, StringComparison.Ordinal);
        return problem;
    }
}
