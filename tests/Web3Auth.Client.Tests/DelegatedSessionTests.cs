using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Web3Auth.Client.Tests;

/// <summary>
/// A service that acts for an account with its own key: the account signs a sign-in message for the service's public
/// key, the service opens the session and proves every request, never renews, and stops when the site ends it.
/// </summary>
public class DelegatedSessionTests
{
    [Theory]
    [InlineData(Web3SessionKeyType.P256, "ES256", "did:key:zDn")]
    [InlineData(Web3SessionKeyType.Secp256k1, "ES256K", "did:key:zQ3s")]
    public async Task A_message_signed_for_the_services_key_opens_a_session_whose_requests_carry_its_proofs(Web3SessionKeyType type, string alg, string didPrefix)
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create(type);
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
        Assert.StartsWith(didPrefix, key.DidKey, StringComparison.Ordinal);
        Assert.Contains($"\nURI: {key.DidKey}\n", message, StringComparison.Ordinal);

        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        for (var i = 0; i < 5; i++)
        {
            var me = await http.GetFromJsonAsync<JsonObject>("/api/me");
            Assert.Equal(account.Address, (string)me!["address"]!);
        }

        var session = await http.GetFromJsonAsync<JsonObject>("/auth/web3/session");
        Assert.Equal(key.DidKey, (string)session!["sessionKey"]!);
        Assert.Equal(["profile/read"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));

        // The service submitted the signed message (no credentials, no challenge of its own), then proved each request.
        var sent = site.Sent.ToList();
        Assert.Equal("/auth/web3/session", sent[0].Uri.AbsolutePath);
        Assert.Equal(HttpMethod.Post, sent[0].Method);
        Assert.Null(sent[0].Authorization);
        Assert.DoesNotContain(sent, e => e.Uri.AbsolutePath == "/auth/web3/challenge");
        var proved = sent.Skip(1).ToList();
        Assert.Equal(6, proved.Count);
        Assert.All(proved, e => Assert.Equal(HttpStatusCode.OK, e.Status));
        foreach (var exchange in proved)
        {
            var (header, claims) = Proofs.Decode(exchange.Proof!);
            Assert.Equal(alg, (string)header["alg"]!);
            Assert.Equal(JsonNode.Parse(key.PublicJwk)!.ToJsonString(), header["jwk"]!.ToJsonString());
            Assert.Equal(Proofs.Ath(Proofs.TokenOf(exchange)), (string)claims["ath"]!);
        }
    }

    [Fact]
    public async Task The_sign_in_carries_the_services_User_Agent_so_the_accounts_session_list_names_it()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);

        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature), userAgent: "NotesWorker/1.0");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        var listed = (await account.SessionsAsync()).Single(s => (string?)s!["sessionKey"] == key.DidKey)!;
        Assert.Equal("NotesWorker/1.0", (string)listed["client"]!);
    }

    [Fact]
    public async Task A_session_handed_over_as_a_token_works_with_the_keys_proofs_and_not_without()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
        var opened = await account.Raw.PostAsJsonAsync("/auth/web3/session", new { message, signature });
        var token = (string)(await opened.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;

        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromToken(key, token));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        // The token alone is worth nothing: as a bearer token it is refused.
        using var stolen = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        stolen.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await account.Raw.SendAsync(stolen)).StatusCode);
    }

    [Fact]
    public async Task After_the_account_revokes_it_the_session_ends_with_the_sites_reason_and_stays_ended()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        var delegated = (string)(await account.SessionsAsync()).Single(s => (string?)s!["sessionKey"] == key.DidKey)!["sessionId"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await account.SendAsync(HttpMethod.Delete, "/auth/web3/sessions/" + delegated)).StatusCode);

        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Equal("invalid_token", ended.Error);
        Assert.Equal("The session token is unknown, expired or revoked.", ended.Detail);

        // No root signer: nothing signs in again. Later requests end the same way without reaching the site.
        var sent = site.Sent.Count;
        var again = await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));
        Assert.Equal((ended.Error, ended.Detail), (again.Error, again.Detail));
        Assert.Equal(sent, site.Sent.Count);
        Assert.DoesNotContain(site.Sent, e => e.Uri.AbsolutePath == "/auth/web3/challenge");
        Assert.Equal(0, site.Signer.Count);
    }

    [Fact]
    public async Task A_delegated_session_is_not_renewed_and_ends_at_its_expiry()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"], lifetime: TimeSpan.FromMinutes(10));
        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature, timeProvider: site.Time));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        // Inside what would be a renewal window for a client with a root signer: carries on with the same token.
        site.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Single(site.Sent.Where(e => e.Proof is not null).Select(Proofs.TokenOf).Distinct());

        site.Time.Advance(TimeSpan.FromMinutes(1));
        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));

        Assert.Equal("invalid_token", ended.Error);
        Assert.DoesNotContain(site.Sent, e => e.Uri.AbsolutePath == "/auth/web3/challenge");
        Assert.Single(site.Sent, e => e.Uri.AbsolutePath == "/auth/web3/session" && e.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task A_signed_message_opens_one_session_only_and_a_second_submission_is_refused()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
        using var first = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);

        using var second = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        var refused = await Assert.ThrowsAsync<Web3RequestException>(() => second.GetAsync("/api/me"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_nonce", refused.Error);
        // Spent: the next request does not submit it again.
        var sent = site.Sent.Count;
        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => second.GetAsync("/api/me"));
        Assert.Equal("invalid_nonce", ended.Error);
        Assert.Equal(sent, site.Sent.Count);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_message_signed_for_another_key_is_refused_before_anything_is_sent()
    {
        using var site = new Site(registerClient: false);
        using var intended = Web3SessionKey.Create();
        using var other = Web3SessionKey.Create();
        var (message, signature) = await new Account(site).DelegateAsync(intended, ["profile/read"]);

        var refused = Assert.Throws<ArgumentException>(() => Web3DelegatedSession.FromSignedMessage(other, message, signature));

        Assert.Contains(intended.DidKey, refused.Message, StringComparison.Ordinal);
        Assert.Contains(other.DidKey, refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Web3DelegatedSession.FromSignedMessage(intended, "not a sign-in message", signature));
        Assert.Empty(site.Sent);
    }

    [Fact]
    public async Task A_delegated_session_answers_use_dpop_nonce_like_any_client()
    {
        using var site = new Site(server: o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5), registerClient: false);
        using var key = Web3SessionKey.Create();
        var (message, signature) = await new Account(site).DelegateAsync(key, ["profile/read"]);
        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature, timeProvider: site.Time));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        }

        var proved = site.Sent.Where(e => e.Proof is not null).ToList();
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], proved.Select(e => e.Status));
    }

    [Fact]
    public async Task Signing_a_delegated_session_out_through_the_client_ends_it_for_good()
    {
        using var site = new Site(registerClient: false);
        using var key = Web3SessionKey.Create();
        var account = new Account(site);
        var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
        using var http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session")).StatusCode);

        await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));
        Assert.DoesNotContain(await account.SessionsAsync(), s => (string?)s!["sessionKey"] == key.DidKey);
        // The key is the service's: still usable for the next account's delegation.
        var next = await account.DelegateAsync(key, ["profile/read"]);
        using var again = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, next.Message, next.Signature));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public void A_P256_key_kept_as_PKCS8_loads_back_as_the_same_session_key()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
        using var key = Web3SessionKey.FromECDsa(ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: true)));

        var loaded = ECDsa.Create();
        loaded.ImportPkcs8PrivateKey(pkcs8, out _);
        using var reloaded = Web3SessionKey.FromECDsa(loaded);

        Assert.Equal(Web3SessionKeyType.P256, reloaded.Type);
        Assert.Equal(key.PublicJwk, reloaded.PublicJwk);
        Assert.Equal(key.DidKey, reloaded.DidKey);
        Assert.StartsWith("did:key:zDn", reloaded.DidKey, StringComparison.Ordinal);
        Assert.Equal(["kty", "crv", "x", "y"], JsonNode.Parse(reloaded.PublicJwk)!.AsObject().Select(m => m.Key));
    }

    [Fact]
    public void FromECDsa_refuses_a_key_on_another_curve_and_a_key_without_its_private_half()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Contains("P-256", Assert.Throws<ArgumentException>(() => Web3SessionKey.FromECDsa(p384)).Message, StringComparison.Ordinal);

        using var full = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(full.ExportParameters(includePrivateParameters: false));
        Assert.Contains("cannot sign", Assert.Throws<ArgumentException>(() => Web3SessionKey.FromECDsa(publicOnly)).Message, StringComparison.Ordinal);
    }

    /// <summary>The account's side, straight to the server: its own bearer session, and delegations it signs.</summary>
    internal sealed class Account(Site site)
    {
        private readonly Web3PrivateKeySigner _wallet = Web3PrivateKeySigner.Generate();
        private string? _token;

        public HttpClient Raw { get; } = new(site.CreateServerHandler()) { BaseAddress = new Uri("http://localhost") };

        public string Address => _wallet.Address.ToString();

        /// <summary>A sign-in message for <paramref name="key"/>'s public JWK, signed by the account; not submitted.</summary>
        public async Task<(string Message, string Signature)> DelegateAsync(Web3SessionKey key, string[] permissions, TimeSpan? lifetime = null)
        {
            var challenge = await Raw.PostAsJsonAsync("/auth/web3/challenge", new JsonObject
            {
                ["address"] = Address,
                ["permissions"] = new JsonArray([.. permissions.Select(p => JsonValue.Create(p))]),
                ["lifetime"] = (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds,
                ["sessionKey"] = JsonNode.Parse(key.PublicJwk),
            });
            Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
            var message = (string)(await challenge.Content.ReadFromJsonAsync<JsonObject>())!["message"]!;
            return (message, await _wallet.SignPersonalMessageAsync(message));
        }

        public async Task<JsonArray> SessionsAsync()
        {
            using var response = await SendAsync(HttpMethod.Get, "/auth/web3/sessions");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        }

        /// <summary>A request in the account's own bearer session, signing in first.</summary>
        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
        {
            if (_token is null)
            {
                var challenge = await Raw.PostAsJsonAsync("/auth/web3/challenge", new { address = Address, permissions = Array.Empty<string>() });
                var message = (string)(await challenge.Content.ReadFromJsonAsync<JsonObject>())!["message"]!;
                var session = await Raw.PostAsJsonAsync("/auth/web3/session", new { message, signature = await _wallet.SignPersonalMessageAsync(message) });
                _token = (string)(await session.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
            }

            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            return await Raw.SendAsync(request);
        }
    }
}
