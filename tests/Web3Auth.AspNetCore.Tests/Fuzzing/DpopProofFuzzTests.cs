using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Fuzzing;

/// <summary>
/// The JOSE parsing of DPoP proofs and session-key JWKs runs on attacker input before any store lookup. It must never
/// throw, must accept only what it can vouch for, and a changed proof must never verify. Seeds are fixed (FuzzRun).
/// </summary>
public class DpopProofFuzzTests
{
    private const string ProofPool = FuzzInput.Base64UrlAlphabet + ".+/=";
    private const string Uri = "http://localhost/api/me";
    private const string Token = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_323_045);

    [Fact]
    public void Mutated_proofs_never_throw_and_never_verify()
    {
        var run = new FuzzRun(nameof(Mutated_proofs_never_throw_and_never_verify), 9449);
        using var p256 = DpopTestKey.P256();
        using var secp256k1 = DpopTestKey.Secp256k1(9449);
        var originals = new[] { p256, secp256k1 }.Select(k => (Key: k, Proof: k.Proof("GET", Uri, Token, Now))).ToArray();
        var validator = new DpopProofValidator();
        var parsed = 0;

        for (var i = 0; i < 6000; i++)
        {
            var (key, original) = originals[i % originals.Length];
            var mutated = FuzzInput.Mutate(run.Random, original, ProofPool);
            run.Case(i, mutated, () =>
            {
                if (!DpopProof.TryParse(mutated, out var proof, out var failure))
                {
                    Assert.NotNull(failure);
                    Assert.False(string.IsNullOrEmpty(failure.Description));
                    return;
                }

                parsed++;
                var bound = new Web3BoundKey { DidKey = "unused", Thumbprint = key.Thumbprint };
                if (mutated != original)
                {
                    // Another text is another signing input or another signature: never the original's proof.
                    Assert.NotNull(validator.CheckKey(proof, bound));
                }
            });
        }

        Assert.True(parsed > 0, "no mutation parsed: the fuzzing did not reach the checks");
    }

    [Theory]
    [InlineData("{\"typ\":\"\\ud800\",\"alg\":\"ES256\"}")]
    [InlineData("{\"\\udc00\":1,\"typ\":\"dpop+jwt\"}")]
    [InlineData("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"\\ud83d\"}}")]
    public void Escaped_lone_surrogates_are_refused_not_thrown(string header)
    {
        var proof = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + ".e30." + new string('A', 86);
        Assert.False(DpopProof.TryParse(proof, out _, out var failure));
        Assert.NotNull(failure);
    }

    [Theory]
    [InlineData(new byte[] { 0x8C })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void A_part_that_is_not_UTF8_is_malformed(byte[] invalid)
    {
        var header = Encoding.UTF8.GetBytes("{\"typ\":\"").Concat(invalid).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        Assert.False(DpopProof.TryParse(Base64Url.EncodeToString(header) + ".e30." + new string('A', 86), out _, out var failure));
        Assert.Equal(DpopProofError.Malformed, failure!.Error);
    }

    [Fact]
    public void Random_text_and_crafted_jose_never_throw()
    {
        var run = new FuzzRun(nameof(Random_text_and_crafted_jose_never_throw), 7515);
        for (var i = 0; i < 4000; i++)
        {
            var text = run.Random.Next(3) switch
            {
                0 => FuzzInput.RandomText(run.Random, 200),
                1 => string.Join('.', Enumerable.Range(0, 1 + run.Random.Next(4)).Select(_ => FuzzInput.FromAlphabet(run.Random, ProofPool, run.Random.Next(90)))),
                _ => Encode(RandomJson(run.Random, 0)) + "." + Encode(RandomJson(run.Random, 0)) + "." + FuzzInput.FromAlphabet(run.Random, FuzzInput.Base64UrlAlphabet, 86),
            };
            run.Case(i, text, () => Assert.False(DpopProof.TryParse(text, out _, out _)));
        }
    }

    [Fact]
    public void Headers_and_claims_of_every_json_type_never_throw()
    {
        var run = new FuzzRun(nameof(Headers_and_claims_of_every_json_type_never_throw), 7517);
        using var key = DpopTestKey.P256();
        string[] headerNames = ["typ", "alg", "jwk", "crit", "kid"];
        string[] claimNames = ["jti", "htm", "htu", "iat", "ath", "nonce"];
        for (var i = 0; i < 3000; i++)
        {
            var name = run.Random.Next(2) == 0 ? headerNames[run.Random.Next(headerNames.Length)] : claimNames[run.Random.Next(claimNames.Length)];
            var value = RandomJson(run.Random, 0);
            var inHeader = headerNames.Contains(name);
            var proof = key.Proof("GET", Uri, Token, Now,
                header: inHeader ? h => h[name] = value : null,
                claims: inHeader ? null : c => c[name] = value);
            run.Case(i, $"{name}={value?.ToJsonString()}", () =>
            {
                if (DpopProof.TryParse(proof, out var parsed, out _))
                {
                    // Whatever parsed, the request checks still decide; none of them throws.
                    _ = DpopProofValidator.CheckRequest(parsed, new Web3DpopOptions(), TimeSpan.FromMinutes(1), "GET", Uri, Token, Now, nonceProtector: null);
                }
            });
        }
    }

    [Fact]
    public void Random_jwks_never_throw_and_an_accepted_one_is_a_point_of_its_curve()
    {
        var run = new FuzzRun(nameof(Random_jwks_never_throw_and_an_accepted_one_is_a_point_of_its_curve), 7638);
        using var key = DpopTestKey.P256();
        var valid = key.Jwk.ToJsonString();
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = run.Random.Next(3) == 0 ? RandomJson(run.Random, 0)?.ToJsonString() ?? "null" : FuzzInput.Mutate(run.Random, valid, FuzzInput.Base64UrlAlphabet + "\"{}:,");
            run.Case(i, text, () =>
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException)
                {
                    return; // not JSON (or not even UTF-16): the request body reader refuses it before the key is read
                }

                using (document)
                {
                    if (!SessionPublicKey.TryFromJwk(document.RootElement, out var parsed, out var reason))
                    {
                        Assert.False(string.IsNullOrEmpty(reason));
                        return;
                    }

                    accepted++;
                    Assert.True(Web3Auth.Siwe.Keys.SessionKeyPoints.IsOnCurve(parsed.Curve, parsed.X, parsed.Y));
                    if (parsed.Curve == Web3Auth.Siwe.Keys.SessionKeyCurve.P256)
                    {
                        // .NET's own import (OpenSSL's point check) agrees it is a public key.
                        using var imported = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = parsed.X, Y = parsed.Y } });
                    }
                }
            });
        }

        Assert.True(accepted > 0);
    }

    [Fact]
    public async Task Random_and_mutated_DPoP_headers_never_answer_5xx()
    {
        var run = new FuzzRun(nameof(Random_and_mutated_DPoP_headers_never_answer_5xx), 9450);
        using var app = new Web3AppFactory { ConfigureServices = services => services.AddLogging(logging => logging.ClearProviders()) };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(4243), key, ["profile/read"]))["token"]!;
        (HttpMethod Method, string Path)[] endpoints = [(HttpMethod.Get, "/api/me"), (HttpMethod.Get, "/auth/web3/session"), (HttpMethod.Get, "/auth/web3/sessions"), (HttpMethod.Get, "/api/profile")];
        var statuses = new HashSet<int>();

        for (var i = 0; i < 600; i++)
        {
            var (method, path) = endpoints[run.Random.Next(endpoints.Length)];
            var proof = key.Proof(method.Method, "http://localhost" + path, token, app.Time.GetUtcNow());
            var header = run.Random.Next(5) switch
            {
                0 => proof,
                1 or 2 => FuzzInput.Mutate(run.Random, proof, ProofPool),
                3 => FuzzInput.RandomText(run.Random, 120),
                _ => proof + (run.Random.Next(2) == 0 ? ", " + proof : " "),
            };
            header = header.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal);
            await run.CaseAsync(i, $"{method} {path} DPoP: {header}", async () =>
            {
                using var request = new HttpRequestMessage(method, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
                request.Headers.TryAddWithoutValidation("DPoP", header);
                using var response = await client.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                statuses.Add(status);
                Assert.True(status is 200 or 401, $"answered {status}: {await response.Content.ReadAsStringAsync()}");
                if (status == 401)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.StartsWith("DPoP ", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                }
            });
        }

        Assert.Contains(200, statuses);
        Assert.Contains(401, statuses);
    }

    private static string Encode(JsonNode? node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null"));

    // Any JSON value: deep nesting, big and fractional numbers, escapes, duplicates are left to the text mutations.
    private static JsonNode? RandomJson(Random random, int depth) => random.Next(depth > 3 ? 5 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(4) switch { 0 => -1.5, 1 => 1e300, 2 => long.MaxValue, _ => random.NextInt64() }),
        3 => JsonValue.Create(FuzzInput.RandomText(random, 40)),
        4 => JsonValue.Create(new[] { "dpop+jwt", "ES256", "ES256K", "none", "GET", Uri, "" }[random.Next(7)]),
        5 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(5)).Select(j => KeyValuePair.Create(
            new[] { "kty", "crv", "x", "y", "d", "typ", "alg", "jwk", "iat", "k" + j }[random.Next(10)] + (random.Next(5) == 0 ? "" : j.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            RandomJson(random, depth + 1))).DistinctBy(p => p.Key)),
    };
}
