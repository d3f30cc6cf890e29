using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NBitcoin.Secp256k1;
using SHA256 = System.Security.Cryptography.SHA256;

namespace Web3Auth.Client;

/// <summary>
/// One session's key pair and the DPoP proofs (RFC 9449) it signs. The private key never leaves the platform's
/// <see cref="ECDsa"/> (P-256) or NBitcoin.Secp256k1's <see cref="ECPrivKey"/> (secp256k1); nothing here does
/// elliptic-curve arithmetic on it. Thread-safe; a disposed key makes no more proofs.
/// </summary>
internal sealed class SessionKey : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ECDsa? _p256;
    private readonly ECPrivKey? _secp256k1;
    private readonly string _encodedHeader;
    private bool _disposed;

    private SessionKey(ECDsa p256)
    {
        _p256 = p256;
        var q = p256.ExportParameters(includePrivateParameters: false).Q;
        (Algorithm, Jwk, Thumbprint, _encodedHeader) = Describe("ES256", "P-256", q.X!, q.Y!);
    }

    private SessionKey(ECPrivKey secp256k1)
    {
        _secp256k1 = secp256k1;
        Span<byte> point = stackalloc byte[65];
        secp256k1.CreatePubKey().WriteToSpan(compressed: false, point, out _);
        (Algorithm, Jwk, Thumbprint, _encodedHeader) = Describe("ES256K", "secp256k1", point[1..33].ToArray(), point[33..].ToArray());
    }

    /// <summary><c>ES256</c> or <c>ES256K</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The public JWK as JSON: <c>{"kty":"EC","crv":…,"x":…,"y":…}</c>.</summary>
    public string Jwk { get; }

    /// <summary>The RFC 7638 thumbprint, base64url.</summary>
    public string Thumbprint { get; }

    public static SessionKey Create(Web3SessionKeyType type)
    {
        if (type == Web3SessionKeyType.P256)
        {
            return new SessionKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        }

        Span<byte> secret = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(secret);
                if (ECPrivKey.TryCreate(secret, out var key) && key is not null)
                {
                    return new SessionKey(key);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// A proof for one request: <c>jti</c> (128 random bits), <c>htm</c>, <c>htu</c>, <c>iat</c>, <c>ath</c> (the hash of
    /// <paramref name="accessToken"/>) and <c>nonce</c> when given. False once the key is disposed.
    /// </summary>
    public bool TryCreateProof(string method, string htu, string accessToken, string? nonce, DateTimeOffset now, out string proof)
    {
        Span<byte> jti = stackalloc byte[16];
        RandomNumberGenerator.Fill(jti);
        var claims = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(claims))
        {
            writer.WriteStartObject();
            writer.WriteString("jti", Base64Url.EncodeToString(jti));
            writer.WriteString("htm", method);
            writer.WriteString("htu", htu);
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteString("ath", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))));
            if (nonce is not null)
            {
                writer.WriteString("nonce", nonce);
            }

            writer.WriteEndObject();
        }

        var signingInput = _encodedHeader + "." + Base64Url.EncodeToString(claims.WrittenSpan);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(signingInput));
        Span<byte> signature = stackalloc byte[64];
        lock (_lock)
        {
            if (_disposed)
            {
                proof = "";
                return false;
            }

            if (_p256 is not null)
            {
                _p256.SignHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            else if (_secp256k1!.TrySignECDSA(hash, out var ecdsa) && ecdsa is not null)
            {
                ecdsa.WriteCompactToSpan(signature);
            }
            else
            {
                throw new CryptographicException("The DPoP proof could not be signed.");
            }
        }

        proof = signingInput + "." + Base64Url.EncodeToString(signature);
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _p256?.Dispose();
            _secp256k1?.Dispose();
        }
    }

    private static (string Algorithm, string Jwk, string Thumbprint, string EncodedHeader) Describe(string algorithm, string curve, byte[] x, byte[] y)
    {
        // RFC 7638: the required members in lexicographic order, no whitespace; x and y are base64url, no characters to escape.
        var encodedX = Base64Url.EncodeToString(x);
        var encodedY = Base64Url.EncodeToString(y);
        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes($"{{\"crv\":\"{curve}\",\"kty\":\"EC\",\"x\":\"{encodedX}\",\"y\":\"{encodedY}\"}}")));
        var jwk = $"{{\"kty\":\"EC\",\"crv\":\"{curve}\",\"x\":\"{encodedX}\",\"y\":\"{encodedY}\"}}";
        var header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"{algorithm}\",\"jwk\":{jwk}}}";
        return (algorithm, jwk, thumbprint, Base64Url.EncodeToString(Encoding.ASCII.GetBytes(header)));
    }
}
