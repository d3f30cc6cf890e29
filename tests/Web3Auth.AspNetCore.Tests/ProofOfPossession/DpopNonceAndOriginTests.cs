using System.Net;
using System.Net.Http.Headers;
using Web3Auth.Testing;
using static Web3Auth.AspNetCore.Tests.ProofOfPossession.KeyBoundSignInTests;

namespace Web3Auth.AspNetCore.Tests.ProofOfPossession;

/// <summary>Server nonces (RFC 9449 §8) when turned on, and the origin htu is compared with outside Development.</summary>
public class DpopNonceAndOriginTests
{
    [Fact]
    public async Task With_server_nonces_a_proof_without_one_gets_use_dpop_nonce_and_the_retry_with_it_passes()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5) };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(530), key))["token"]!;

        var first = await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow());
        await AssertDpopProblemAsync(first, "server nonce", Web3ErrorCodes.UseDpopNonce);
        var nonce = Assert.Single(first.Headers.GetValues("DPoP-Nonce"));

        var retried = await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), nonce: nonce);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var next = Assert.Single(retried.Headers.GetValues("DPoP-Nonce"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), nonce: next)).StatusCode);
    }

    [Fact]
    public async Task A_renewal_request_without_the_server_nonce_gets_use_dpop_nonce_like_any_other_request()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5) };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(534), key))["token"]!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/web3/challenge") { Content = System.Net.Http.Json.JsonContent.Create(new { renew = true }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        request.Headers.Add("DPoP", key.Proof("POST", "http://localhost/auth/web3/challenge", token, app.Time.GetUtcNow()));
        var response = await client.Http.SendAsync(request);

        await AssertDpopProblemAsync(response, "server nonce", Web3ErrorCodes.UseDpopNonce);
        Assert.Single(response.Headers.GetValues("DPoP-Nonce"));
    }

    [Fact]
    public async Task A_renewal_request_without_a_token_is_challenged_like_a_protected_endpoint()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.PostJsonAsync("/auth/web3/challenge", new { renew = true });

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(["Bearer", "DPoP algs=\"ES256 ES256K\""], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task A_stale_or_forged_nonce_gets_use_dpop_nonce()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5) };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(531), key))["token"]!;
        var nonce = Assert.Single((await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow())).Headers.GetValues("DPoP-Nonce"));

        await AssertDpopProblemAsync(await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), nonce: "forged-nonce"), "server nonce", Web3ErrorCodes.UseDpopNonce);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await AssertDpopProblemAsync(await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), nonce: nonce), "server nonce", Web3ErrorCodes.UseDpopNonce);
    }

    [Fact]
    public async Task Another_scheme_or_site_does_not_accept_this_schemes_nonce()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5) };
        var foreign = DpopNonce.Issue(DpopNonce.CreateProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider(), "Web3"), app.Time.GetUtcNow());
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(532), key))["token"]!;

        await AssertDpopProblemAsync(await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), nonce: foreign), "server nonce", Web3ErrorCodes.UseDpopNonce);
    }

    [Fact]
    public async Task Outside_Development_htu_is_the_configured_public_origin_never_the_Host_header()
    {
        using var app = new Web3AppFactory { Environment = "Production", ConfigureOptions = o => { o.Domain = "app.example.com"; o.Uri = "https://app.example.com"; } };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(533);
        var challenge = await client.ChallengeAsync(wallet, sessionKey: key.Jwk);
        var message = (string)challenge["message"]!;
        var token = (string)(await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message))))["token"]!;

        // The test server's Host is localhost: a proof for it is for another site.
        await AssertDpopProblemAsync(await SendAsync(client, token, key.Proof("GET", "http://localhost/api/me", token, app.Time.GetUtcNow())),
            "https://app.example.com/api/me");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, token, key.Proof("GET", "https://app.example.com/api/me", token, app.Time.GetUtcNow()))).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(Web3TestClient client, string token, string proof)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        request.Headers.Add("DPoP", proof);
        return await client.Http.SendAsync(request);
    }
}
