using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;

namespace Web3Auth.Client.Tests;

/// <summary>Signing in key-bound through the real endpoints, and the proof every request carries.</summary>
public class SignInTests
{
    [Theory]
    [InlineData(Web3SessionKeyType.P256, "ES256", "P-256", "did:key:zDn")]
    [InlineData(Web3SessionKeyType.Secp256k1, "ES256K", "secp256k1", "did:key:zQ3s")]
    public async Task Signs_in_key_bound_and_every_request_carries_a_proof_the_server_accepts(Web3SessionKeyType type, string alg, string crv, string didPrefix)
    {
        using var site = new Site(o => o.KeyType = type);
        using var http = site.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            var me = await http.GetFromJsonAsync<JsonObject>("/api/me");
            Assert.Equal(site.Signer.Address.ToString(), (string)me!["address"]!);
        }

        var session = await http.GetFromJsonAsync<JsonObject>("/auth/web3/session");
        Assert.StartsWith(didPrefix, (string)session!["sessionKey"]!, StringComparison.Ordinal);
        Assert.Equal(1, site.Signer.Count);

        // The server bound the session to the client's key, by its RFC 7638 thumbprint.
        var stored = await site.ServerServices.GetRequiredService<IWeb3SessionStore>().FindSessionAsync(
            new Web3SessionOwner("Web3", site.Signer.Address), (string)session["sessionId"]!, site.Time.GetUtcNow(), default);
        Assert.Equal(site.Session.Current!.Key.Thumbprint, stored!.BoundKey!.Thumbprint);

        var authenticated = site.Sent.Where(e => e.Proof is not null).ToList();
        Assert.Equal(11, authenticated.Count);
        Assert.All(authenticated, e => Assert.Equal(HttpStatusCode.OK, e.Status));
        foreach (var exchange in authenticated)
        {
            var (header, claims) = Proofs.Decode(exchange.Proof!);
            Assert.Equal("dpop+jwt", (string)header["typ"]!);
            Assert.Equal(alg, (string)header["alg"]!);
            var jwk = header["jwk"]!.AsObject();
            Assert.Equal(["kty", "crv", "x", "y"], jwk.Select(m => m.Key));
            Assert.Equal(crv, (string)jwk["crv"]!);
            Assert.Equal(exchange.Method.Method, (string)claims["htm"]!);
            Assert.Equal(site.Time.GetUtcNow().ToUnixTimeSeconds(), (long)claims["iat"]!);
            Assert.Equal(Proofs.Ath(Proofs.TokenOf(exchange)), (string)claims["ath"]!);
            Assert.Null(claims["nonce"]);
        }

        Assert.Equal(authenticated.Count, authenticated.Select(e => (string)Proofs.Decode(e.Proof!).Claims["jti"]!).Distinct().Count());
    }

    [Fact]
    public async Task The_sign_in_sends_the_public_key_and_no_credentials_and_the_signer_signs_the_issued_message()
    {
        using var site = new Site(o => { o.Permissions = ["profile/read", "profile/write"]; o.ChainId = 10; o.SessionLifetime = TimeSpan.FromMinutes(30); });
        using var http = site.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/profile")).StatusCode);

        var signIn = site.Sent.Take(2).ToList();
        Assert.Equal(["/auth/web3/challenge", "/auth/web3/session"], signIn.Select(e => e.Uri.AbsolutePath));
        Assert.All(signIn, e => Assert.Null(e.Authorization));
        Assert.All(signIn, e => Assert.Null(e.Proof));
        var message = Assert.Single(site.Signer.Messages);
        Assert.Contains("Chain ID: 10\n", message, StringComparison.Ordinal);
        Assert.Contains("'profile': 'read', 'write'", message, StringComparison.Ordinal);
        Assert.Contains($"Expiration Time: ", message, StringComparison.Ordinal);
        Assert.Equal(site.Time.GetUtcNow().AddMinutes(30), site.Session.Current!.ExpiresAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_proof_names_the_uri_without_query_or_fragment()
    {
        using var site = new Site();
        using var http = site.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/notes?draft=1&x=%20y#part", null)).StatusCode);

        var (_, claims) = Proofs.Decode(site.Sent.Last().Proof!);
        Assert.Equal("POST", (string)claims["htm"]!);
        Assert.Equal("http://localhost/api/notes", (string)claims["htu"]!);
    }

    [Fact]
    public async Task Requests_to_another_origin_pass_through_without_the_token()
    {
        using var site = new Site();
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        // The test server answers any host; the client must not send it this site's token.
        await http.GetAsync("http://elsewhere.example/api/me");

        var foreign = site.Sent.Last();
        Assert.Equal("elsewhere.example", foreign.Uri.Host);
        Assert.Null(foreign.Authorization);
        Assert.Null(foreign.Proof);
    }

    [Fact]
    public async Task A_client_without_a_root_signer_fails_on_first_use_naming_the_option()
    {
        using var site = new Site(o => o.RootSigner = null);

        // The factory builds the handler, and so checks the options, when the client is created.
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var http = site.CreateClient();
            await http.GetAsync("/api/me");
        });
        Assert.Contains("RootSigner is required", failure.Message, StringComparison.Ordinal);
        Assert.Empty(site.Sent);
    }

    [Fact]
    public async Task A_refused_sign_in_is_a_Web3RequestException_with_the_sites_error()
    {
        using var site = new Site(o => o.Permissions = ["funds/move"]);
        using var http = site.CreateClient();

        var refused = await Assert.ThrowsAsync<Web3RequestException>(() => http.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("unknown_permission", refused.Error);
        Assert.Contains("funds/move", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(0, site.Signer.Count);
    }
}
