using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Web3Auth.Testing;
using static Web3Auth.AspNetCore.Tests.ProofOfPossession.KeyBoundSignInTests;

namespace Web3Auth.AspNetCore.Tests.ProofOfPossession;

/// <summary>
/// RFC 9449 §4.3, one check at a time: each test sends a key-bound session's token with a proof that breaks exactly
/// one rule and expects 401 <c>invalid_dpop_proof</c> naming it, with <c>WWW-Authenticate: DPoP … algs=…</c>.
/// </summary>
public class DpopProofCheckTests : IDisposable
{
    private const string Me = "http://localhost/api/me";
    private readonly Web3AppFactory _app = new();
    private readonly DpopTestKey _key = DpopTestKey.P256();
    private Web3TestClient? _client;
    private string? _token;

    private DateTimeOffset Now => _app.Time.GetUtcNow();

    private async Task<(Web3TestClient Client, string Token)> SignedInAsync()
    {
        _client ??= _app.CreateWeb3Client();
        _token ??= (string)(await _client.SignInKeyBoundAsync(TestWallet.FromSeed(520), _key))["token"]!;
        return (_client, _token);
    }

    private async Task<HttpResponseMessage> SendAsync(string? proof, HttpMethod? method = null, string path = "/api/me", Action<HttpRequestMessage>? request = null)
    {
        var (client, token) = await SignedInAsync();
        using var message = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        if (proof is not null)
        {
            message.Headers.Add("DPoP", proof);
        }

        request?.Invoke(message);
        return await client.Http.SendAsync(message);
    }

    private async Task<string> ProofAsync(Action<JsonObject>? header = null, Action<JsonObject>? claims = null, string method = "GET", string uri = Me, DateTimeOffset? iat = null) =>
        _key.Proof(method, uri, (await SignedInAsync()).Token, iat ?? Now, header: header, claims: claims);

    [Fact]
    public async Task A_well_formed_proof_is_accepted()
    {
        var response = await SendAsync(await ProofAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_proof() => await AssertDpopProblemAsync(await SendAsync(null), "needs a DPoP proof");

    [Fact]
    public async Task Two_proofs() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(), request: r => r.Headers.Add("DPoP", "x.y.z")), "exactly one");

    [Fact]
    public async Task A_proof_over_the_size_limit_is_refused_before_parsing() =>
        await AssertDpopProblemAsync(await SendAsync(new string('a', DpopProof.MaxLength + 1)), "longer than 4096");

    [Theory]
    [InlineData("not-a-jws", "compact JWS")]
    [InlineData("a.b", "compact JWS")]
    [InlineData("a.b.c.d", "compact JWS")]
    [InlineData("e30.e30.", "compact JWS")]
    [InlineData("e30.e30.AAAA", "64 bytes")]
    public async Task A_proof_that_is_no_compact_JWS_is_malformed(string proof, string detail) =>
        await AssertDpopProblemAsync(await SendAsync(proof), detail);

    [Fact]
    public async Task A_header_with_a_member_twice_is_malformed()
    {
        var header = $$"""{"typ":"dpop+jwt","alg":"ES256","alg":"none","jwk":{{_key.Jwk.ToJsonString()}}}""";
        var claims = new JsonObject { ["jti"] = "j1", ["htm"] = "GET", ["htu"] = Me, ["iat"] = Now.ToUnixTimeSeconds(), ["ath"] = Ath((await SignedInAsync()).Token) };
        var proof = _key.Sign(B64(header) + "." + B64(claims.ToJsonString()));
        await AssertDpopProblemAsync(await SendAsync(proof), "appears twice");
    }

    [Fact]
    public async Task A_part_in_padded_or_non_canonical_base64url_is_malformed()
    {
        var proof = await ProofAsync();
        await AssertDpopProblemAsync(await SendAsync(proof + "="), "canonical base64url");
        var parts = proof.Split('.');
        await AssertDpopProblemAsync(await SendAsync(parts[0].Replace('-', '+').Replace('_', '/') + "+." + parts[1] + "." + parts[2]), "malformed");
    }

    [Fact]
    public async Task A_crit_header_is_refused() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h["crit"] = new JsonArray("exp"))), "crit");

    [Fact]
    public async Task Another_typ() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h["typ"] = "JWT")), "typ must be \"dpop+jwt\"");

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task An_algorithm_outside_the_allow_list(string alg) =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h["alg"] = alg)), "alg must be one of: ES256 ES256K");

    [Fact]
    public async Task An_algorithm_that_does_not_fit_the_key() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h["alg"] = "ES256K")), "does not fit its P-256 key");

    [Fact]
    public async Task A_private_jwk() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h["jwk"]!["d"] = h["jwk"]!["x"]!.DeepClone())), "private member \"d\"");

    [Fact]
    public async Task No_jwk() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(header: h => h.Remove("jwk"))), "no jwk");

    [Fact]
    public async Task Another_method() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(method: "POST")), "htm must be this request's method, GET");

    [Theory]
    [InlineData("http://localhost/api/profile")]
    [InlineData("http://evil.example/api/me")]
    [InlineData("https://localhost/api/me")]
    [InlineData("http://localhost:8080/api/me")]
    [InlineData("/api/me")]
    [InlineData("http://user@localhost/api/me")]
    public async Task Another_uri(string htu) =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(uri: htu)), "htu must be this request's URI");

    [Theory]
    [InlineData("HTTP://LOCALHOST/api/me")]
    [InlineData("http://localhost:80/api/me")]
    [InlineData("http://localhost/api/./me")]
    [InlineData("http://localhost/api/%6De")]
    [InlineData("http://localhost/api/me?query=ignored#and-fragment")]
    [InlineData("http://localhost/api/m%65")]
    public async Task The_uri_is_compared_after_normalisation_and_without_query(string htu) =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(await ProofAsync(uri: htu), path: "/api/me?other=query")).StatusCode);

    [Fact]
    public async Task Issued_in_the_future_beyond_the_skew() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(iat: Now.AddMinutes(1).AddSeconds(2))), "in the future");

    [Fact]
    public async Task Older_than_the_proof_lifetime()
    {
        var proof = await ProofAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(62));
        await AssertDpopProblemAsync(await SendAsync(proof), "older than 60 seconds");
    }

    [Fact]
    public async Task A_proof_inside_the_window_and_skew_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(await ProofAsync(iat: Now.AddSeconds(59)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(await ProofAsync(iat: Now.AddSeconds(-59)))).StatusCode);
    }

    [Fact]
    public async Task Without_ath() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(claims: c => c.Remove("ath"))), "ath must be");

    [Fact]
    public async Task With_the_ath_of_another_token() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(claims: c => c["ath"] = Ath("another token"))), "ath must be");

    [Theory]
    [InlineData("jti")]
    [InlineData("htm")]
    [InlineData("htu")]
    [InlineData("iat")]
    public async Task Without_a_required_claim(string claim) =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(claims: c => c.Remove(claim))), "claims need");

    [Fact]
    public async Task A_claim_of_the_wrong_type() =>
        await AssertDpopProblemAsync(await SendAsync(await ProofAsync(claims: c => c["iat"] = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))), "numeric iat");

    [Fact]
    public async Task A_signature_that_does_not_verify()
    {
        var proof = await ProofAsync();
        var cut = proof.LastIndexOf('.') + 5;
        await AssertDpopProblemAsync(await SendAsync(proof[..cut] + (proof[cut] == 'Q' ? 'R' : 'Q') + proof[(cut + 1)..]), "signature does not verify");
    }

    [Fact]
    public async Task A_proof_used_twice_is_refused_the_second_time()
    {
        var proof = await ProofAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(proof)).StatusCode);
        await AssertDpopProblemAsync(await SendAsync(proof), "already used");
    }

    [Fact]
    public async Task Of_one_proof_sent_50_times_at_once_exactly_one_is_accepted()
    {
        var proof = await ProofAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => SendAsync(proof))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
    }

    [Fact]
    public async Task A_request_without_a_token_is_challenged_with_both_schemes()
    {
        using var client = _app.CreateWeb3Client();
        var response = await client.SendAsync(HttpMethod.Get, "/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Bearer", "DPoP algs=\"ES256 ES256K\""], response.Headers.GetValues("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_permission_missing_from_a_DPoP_session_is_insufficient_scope_in_the_DPoP_scheme()
    {
        var response = await SendAsync(await ProofAsync(method: "PUT", uri: "http://localhost/api/profile"), HttpMethod.Put, "/api/profile");
        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.StartsWith("DPoP error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Ath(string token) => Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    public void Dispose()
    {
        _client?.Dispose();
        _key.Dispose();
        _app.Dispose();
        GC.SuppressFinalize(this);
    }
}
