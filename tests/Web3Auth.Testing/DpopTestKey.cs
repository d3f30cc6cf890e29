using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Testing;

/// <summary>
/// A client's session key for tests: a P-256 key in .NET's <see cref="ECDsa"/> (ES256) or a secp256k1 key signed
/// by libsecp256k1 (ES256K), making DPoP proofs (RFC 9449) — and, for tests that try to break the server's checks,
/// proofs with any header or claim changed. Signing never goes through the code under test.
/// </summary>
public sealed class DpopTestKey : IDisposable
{
    private readonly ECDsa? _p256;
    private readonly byte[]? _secp256k1Secret;

    private DpopTestKey(ECDsa p256)
    {
        _p256 = p256;
        var parameters = p256.ExportParameters(includePrivateParameters: false);
        X = parameters.Q.X!;
        Y = parameters.Q.Y!;
        Algorithm = "ES256";
        Curve = "P-256";
    }

    private DpopTestKey(byte[] secret)
    {
        _secp256k1Secret = secret;
        var publicKey = Libsecp256k1.Instance.CreatePublicKey(secret);
        X = publicKey[..32];
        Y = publicKey[32..];
        Algorithm = "ES256K";
        Curve = "secp256k1";
    }

    public byte[] X { get; }

    public byte[] Y { get; }

    /// <summary><c>ES256</c> or <c>ES256K</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The JWK <c>crv</c>.</summary>
    public string Curve { get; }

    /// <summary>A fresh P-256 key.</summary>
    public static DpopTestKey P256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>A deterministic secp256k1 key per seed.</summary>
    public static DpopTestKey Secp256k1(int seed) => new(Keccak256.Hash(Encoding.UTF8.GetBytes($"web3auth test session key {seed}")));

    /// <summary>The public JWK, as a client sends it.</summary>
    public JsonObject Jwk => new()
    {
        ["kty"] = "EC",
        ["crv"] = Curve,
        ["x"] = Base64Url.EncodeToString(X),
        ["y"] = Base64Url.EncodeToString(Y),
    };

    /// <summary>The RFC 7638 thumbprint, computed here independently of the server.</summary>
    public string Thumbprint =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(
            $"{{\"crv\":\"{Curve}\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(X)}\",\"y\":\"{Base64Url.EncodeToString(Y)}\"}}")));

    /// <summary>
    /// A proof for <paramref name="method"/> <paramref name="uri"/> carrying <paramref name="token"/>'s hash; the
    /// callbacks may change the header and the claims before signing.
    /// </summary>
    public string Proof(string method, string uri, string? token, DateTimeOffset issuedAt, string? nonce = null,
        Action<JsonObject>? header = null, Action<JsonObject>? claims = null)
    {
        var protectedHeader = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = Algorithm, ["jwk"] = Jwk };
        var payload = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["htm"] = method,
            ["htu"] = uri,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
        };
        if (token is not null)
        {
            payload["ath"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        }

        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        header?.Invoke(protectedHeader);
        claims?.Invoke(payload);
        return Sign(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(protectedHeader.ToJsonString())) + "." +
                    Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())));
    }

    /// <summary>Signs any JWS signing input (<c>header.payload</c>) and appends the signature.</summary>
    public string Sign(string signingInput)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(signingInput));
        var signature = _p256 is not null
            ? _p256.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : Libsecp256k1.Instance.Sign(hash, _secp256k1Secret!);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _p256?.Dispose();
}
