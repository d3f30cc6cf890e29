using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.ProofOfPossession;

/// <summary>
/// What the DPoP request path's shortcuts must not change (docs/performance.md): a key read again from the recent
/// keys is the key a first reading gives, and only for the same coordinates; member names compare as their unescaped
/// text; a URI normalised again has the same answer; the replay record's key keeps its stored format. And text that
/// is not valid UTF-8 is a malformed proof, never an exception (which would have been a 500).
/// </summary>
public class DpopFastPathTests
{
    private const string Uri = "https://app.example.com/api/notes";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES256K")]
    public void A_key_read_again_is_the_same_key(string algorithm)
    {
        using var key = algorithm == "ES256" ? DpopTestKey.P256() : DpopTestKey.Secp256k1(31);
        var first = Parse(key.Proof("GET", Uri, "t", Now));
        var second = Parse(key.Proof("GET", Uri, "t", Now));

        Assert.NotEqual(first.Jti, second.Jti);
        foreach (var proof in new[] { first, second })
        {
            Assert.Equal(key.Thumbprint, proof.Key.Thumbprint);
            Assert.Equal(key.X, proof.Key.X);
            Assert.Equal(key.Y, proof.Key.Y);
            Assert.Equal(algorithm, proof.Key.Algorithm);
        }
    }

    [Fact]
    public void A_jwk_sharing_a_known_key_s_x_is_still_checked_in_full()
    {
        using var key = DpopTestKey.P256();
        Parse(key.Proof("GET", Uri, "t", Now)); // the key is now among the recent ones

        var y = (byte[])key.Y.Clone();
        y[^1] ^= 1;
        var offCurve = key.Proof("GET", Uri, "t", Now, header: h => h["jwk"]!["y"] = Base64Url.EncodeToString(y));
        Assert.False(DpopProof.TryParse(offCurve, out _, out var failure));
        Assert.Equal(DpopProofError.InvalidKey, failure.Error);
        Assert.Contains("not on the P-256 curve", failure.Description, StringComparison.Ordinal);

        var otherCurve = key.Proof("GET", Uri, "t", Now, header: h => h["jwk"]!["crv"] = "secp256k1");
        Assert.False(DpopProof.TryParse(otherCurve, out _, out failure));
        Assert.Equal(DpopProofError.InvalidKey, failure.Error);
    }

    [Theory]
    [InlineData("""{"typ":"dpop+jwt","alg":"ES256","\u0061lg":"ES256","jwk":JWK}""", "appears twice")]
    [InlineData("""{"typ":"dpop+jwt","alg":"ES256","jwk":JWK,"jwk":JWK}""", "appears twice")]
    [InlineData("""{"typ":"dpop+jwt","alg":"ES256","jwk":JWK,"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}""", "too many members")]
    public void Header_members_are_unique_by_their_unescaped_names_and_bounded(string header, string problem)
    {
        using var key = DpopTestKey.P256();
        var claims = new JsonObject { ["jti"] = "j", ["htm"] = "GET", ["htu"] = Uri, ["iat"] = Now.ToUnixTimeSeconds() };
        var proof = key.Sign(B64(header.Replace("JWK", key.Jwk.ToJsonString(), StringComparison.Ordinal)) + "." + B64(claims.ToJsonString()));

        Assert.False(DpopProof.TryParse(proof, out _, out var failure));
        Assert.Equal(DpopProofError.Malformed, failure.Error);
        Assert.Contains(problem, failure.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_distinct_header_members_are_accepted_and_escaped_names_are_read()
    {
        using var key = DpopTestKey.P256();
        var header = $$"""{"\u0074yp":"dpop+jwt","alg":"ES256","jwk":{{key.Jwk.ToJsonString()}},"a":1,"b":2,"c":3,"d":4,"e":5}""";
        var claims = new JsonObject { ["jti"] = "j", ["htm"] = "GET", ["htu"] = Uri, ["iat"] = Now.ToUnixTimeSeconds() };

        var proof = Parse(key.Sign(B64(header) + "." + B64(claims.ToJsonString())));
        Assert.Equal("dpop+jwt", proof.Type);
    }

    [Theory]
    [InlineData("https://APP.example.com:443/a/./b/../c?q=1#f", "https://app.example.com/a/c")]
    [InlineData("http://app.example.com", "http://app.example.com/")]
    [InlineData("https://app.example.com/%7Euser/", "https://app.example.com/~user/")]
    [InlineData("ftp://app.example.com/", null)]
    [InlineData("https://user@app.example.com/", null)]
    [InlineData("/relative", null)]
    public void A_uri_normalised_again_has_the_same_answer(string uri, string? expected)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected is not null, DpopTargetUri.TryNormalize(uri, out var normalized));
            Assert.Equal(expected, normalized);
        }

        // Past the cached length the answer comes from normalising each time, and is the same.
        var longUri = "https://app.example.com/" + new string('a', 600);
        Assert.True(DpopTargetUri.TryNormalize(longUri, out var longNormalized));
        Assert.Equal(longUri, longNormalized);
    }

    [Fact]
    public void The_replay_key_is_dpop_and_the_base64url_SHA256_of_thumbprint_newline_jti()
    {
        using var key = DpopTestKey.P256();
        const string jti = "jti-é-😀";
        var proof = Parse(key.Proof("GET", Uri, "t", Now, claims: c => c["jti"] = jti));

        var expected = "dpop:" + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Thumbprint + "\n" + jti)));
        Assert.Equal(expected, DpopProofValidator.ReplayKey(proof));
    }

    [Fact]
    public void The_token_hash_must_match_exactly()
    {
        using var key = DpopTestKey.P256();
        var options = new Web3DpopOptions();
        var proof = Parse(key.Proof("GET", Uri, "token-1", Now));

        Assert.Null(DpopProofValidator.CheckRequest(proof, options, TimeSpan.Zero, "GET", Uri, "token-1", Now, null));
        Assert.Equal(DpopProofError.TokenHashMismatch,
            DpopProofValidator.CheckRequest(proof, options, TimeSpan.Zero, "GET", Uri, "token-2", Now, null)?.Error);

        var truncated = Parse(key.Proof("GET", Uri, "token-1", Now, claims: c => c["ath"] = ((string)c["ath"]!)[..42]));
        Assert.Equal(DpopProofError.TokenHashMismatch,
            DpopProofValidator.CheckRequest(truncated, options, TimeSpan.Zero, "GET", Uri, "token-1", Now, null)?.Error);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("typ")]
    [InlineData("jwk member")]
    [InlineData("claim")]
    [InlineData("lone surrogate")]
    public void Text_that_is_not_valid_UTF8_is_malformed_not_an_exception(string where)
    {
        using var key = DpopTestKey.P256();
        var jwk = key.Jwk.ToJsonString();
        var header = Encoding.UTF8.GetBytes(where switch
        {
            "name" => $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{jwk}},"ÿ":1}""",
            "typ" => $$"""{"typ":"ÿ","alg":"ES256","jwk":{{jwk}}}""",
            "jwk member" => $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{jwk[..^1] + ",\"kid\":\"ÿ\"}"}}}""",
            _ => $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{jwk}}}""",
        });
        var claims = Encoding.UTF8.GetBytes(where switch
        {
            "claim" => $$"""{"jti":"ÿ","htm":"GET","htu":"{{Uri}}","iat":1}""",
            "lone surrogate" => $$"""{"jti":"\ud800","htm":"GET","htu":"{{Uri}}","iat":1}""",
            _ => $$"""{"jti":"j","htm":"GET","htu":"{{Uri}}","iat":1}""",
        });
        // U+00FF is two bytes in UTF-8 (C3 BF); dropping the C3 leaves a lone continuation byte.
        static byte[] Broken(byte[] bytes) => bytes.Where((b, i) => !(b == 0xC3 && i + 1 < bytes.Length && bytes[i + 1] == 0xBF)).ToArray();
        var proof = key.Sign(Base64Url.EncodeToString(Broken(header)) + "." + Base64Url.EncodeToString(Broken(claims)));

        Assert.False(DpopProof.TryParse(proof, out _, out var failure));
        Assert.Equal(DpopProofError.Malformed, failure.Error);
        Assert.Contains("not valid UTF-8", failure.Description, StringComparison.Ordinal);
    }

    private static DpopProof Parse(string text)
    {
        Assert.True(DpopProof.TryParse(text, out var proof, out var failure), failure?.Description);
        return proof;
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
