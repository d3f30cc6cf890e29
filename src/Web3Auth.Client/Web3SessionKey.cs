using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NBitcoin.Secp256k1;
using Web3Auth.Siwe.Keys;
using SHA256 = System.Security.Cryptography.SHA256;

namespace Web3Auth.Client;

/// <summary>
/// A session key pair and the DPoP proofs (RFC 9449) it signs. A client with a root signer makes one per sign-in by
/// itself; a service that accounts delegate to holds its own (<see cref="Create"/>, or <see cref="FromECDsa"/> to load
/// a kept one), publishes <see cref="PublicJwk"/> or <see cref="DidKey"/>, and uses it for every
/// <see cref="Web3DelegatedSession"/>. The private key never leaves the platform's <see cref="ECDsa"/> (P-256) or
/// NBitcoin.Secp256k1's <see cref="ECPrivKey"/> (secp256k1): nothing here does elliptic-curve arithmetic on it, and
/// nothing exports it. Thread-safe; a disposed key makes no more proofs.
/// </summary>
public sealed class Web3SessionKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly Lock _lock = new();
    private readonly ECDsa? _p256;
    private readonly ECPrivKey? _secp256k1;
    private readonly string _encodedHeader;
    private bool _disposed;

    private Web3SessionKey(ECDsa p256)
    {
        _p256 = p256;
        Type = Web3SessionKeyType.P256;
        var q = p256.ExportParameters(includePrivateParameters: false).Q;
        (Algorithm, PublicJwk, Thumbprint, DidKey, _encodedHeader) = Describe(Type, q.X!, q.Y!);
    }

    private Web3SessionKey(ECPrivKey secp256k1)
    {
        _secp256k1 = secp256k1;
        Type = Web3SessionKeyType.Secp256k1;
        Span<byte> point = stackalloc byte[65];
        secp256k1.CreatePubKey().WriteToSpan(compressed: false, point, out _);
        (Algorithm, PublicJwk, Thumbprint, DidKey, _encodedHeader) = Describe(Type, point[1..33].ToArray(), point[33..].ToArray());
    }

    /// <summary>The key's curve: P-256 (proofs are <c>ES256</c>) or secp256k1 (<c>ES256K</c>).</summary>
    public Web3SessionKeyType Type { get; }

    /// <summary>
    /// The public key as a JWK, in JSON: <c>{"kty":"EC","crv":…,"x":…,"y":…}</c>. This is what a sign-in sends as
    /// <c>sessionKey</c>, and what a service publishes so that an account can delegate a session to it.
    /// </summary>
    public string PublicJwk { get; }

    /// <summary>
    /// The public key as a W3C <c>did:key</c> (<c>did:key:zDn…</c> for P-256, <c>did:key:zQ3s…</c> for secp256k1): the
    /// URI of the sign-in message that delegates a session to this key, as the wallet shows it, and the
    /// <c>sessionKey</c> the site lists for such a session.
    /// </summary>
    public string DidKey { get; }

    /// <summary><c>ES256</c> or <c>ES256K</c>.</summary>
    internal string Algorithm { get; }

    /// <summary>The RFC 7638 thumbprint, base64url.</summary>
    internal string Thumbprint { get; }

    /// <summary>
    /// Makes a new random key pair. To keep a P-256 key across restarts, make an <see cref="ECDsa"/> yourself, keep it
    /// (for example <see cref="AsymmetricAlgorithm.ExportPkcs8PrivateKey()"/> to a file only the service can read) and
    /// load it with <see cref="FromECDsa"/>.
    /// </summary>
    /// <param name="type">The curve; default P-256.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static Web3SessionKey Create(Web3SessionKeyType type = Web3SessionKeyType.P256)
    {
        switch (type)
        {
            case Web3SessionKeyType.P256:
                return new Web3SessionKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            case Web3SessionKeyType.Secp256k1:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "The key type must be P256 or Secp256k1.");
        }

        Span<byte> secret = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(secret);
                if (ECPrivKey.TryCreate(secret, out var key) && key is not null)
                {
                    return new Web3SessionKey(key);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// A session key over a P-256 private key the service already holds, such as one it kept as PKCS#8
    /// (<see cref="AsymmetricAlgorithm.ImportPkcs8PrivateKey(ReadOnlySpan{byte}, out int)"/>) or one in a platform key store. The session key takes ownership:
    /// disposing it disposes <paramref name="key"/>.
    /// </summary>
    /// <param name="key">A named-curve P-256 key with its private half.</param>
    /// <exception cref="ArgumentException">The key is not on P-256, or cannot sign (no private key).</exception>
    public static Web3SessionKey FromECDsa(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ECParameters parameters;
        try
        {
            parameters = key.ExportParameters(includePrivateParameters: false);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The key's public half cannot be read: " + ex.Message, nameof(key), ex);
        }

        if (!parameters.Curve.IsNamed || parameters.Curve.Oid.Value != P256Oid)
        {
            throw new ArgumentException("A session key from an ECDsa must be on the named curve P-256 (nistP256).", nameof(key));
        }

        // Fail here, not at the first request: a public-only key cannot sign proofs.
        try
        {
            key.SignHash(new byte[32], DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The key cannot sign (is its private half there?): " + ex.Message, nameof(key), ex);
        }

        return new Web3SessionKey(key);
    }

    /// <summary>
    /// A proof for one request: <c>jti</c> (128 random bits), <c>htm</c>, <c>htu</c>, <c>iat</c>, <c>ath</c> (the hash of
    /// <paramref name="accessToken"/>) and <c>nonce</c> when given. False once the key is disposed.
    /// </summary>
    internal bool TryCreateProof(string method, string htu, string accessToken, string? nonce, DateTimeOffset now, out string proof)
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

    /// <summary>Clears the private key; the key makes no more proofs, and requests that need one fail.</summary>
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

    private static (string Algorithm, string Jwk, string Thumbprint, string DidKey, string EncodedHeader) Describe(Web3SessionKeyType type, byte[] x, byte[] y)
    {
        var (algorithm, curve, didCurve) = type == Web3SessionKeyType.P256
            ? ("ES256", "P-256", SessionKeyCurve.P256)
            : ("ES256K", "secp256k1", SessionKeyCurve.Secp256k1);

        // RFC 7638: the required members in lexicographic order, no whitespace; x and y are base64url, no characters to escape.
        var encodedX = Base64Url.EncodeToString(x);
        var encodedY = Base64Url.EncodeToString(y);
        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes($"{{\"crv\":\"{curve}\",\"kty\":\"EC\",\"x\":\"{encodedX}\",\"y\":\"{encodedY}\"}}")));
        var jwk = $"{{\"kty\":\"EC\",\"crv\":\"{curve}\",\"x\":\"{encodedX}\",\"y\":\"{encodedY}\"}}";
        var header = $"{{\"typ\":\"dpop+jwt\",\"alg\":\"{algorithm}\",\"jwk\":{jwk}}}";
        return (algorithm, jwk, thumbprint, Siwe.Keys.DidKey.Encode(didCurve, x, y), Base64Url.EncodeToString(Encoding.ASCII.GetBytes(header)));
    }
}
