using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Siwe.Keys;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The checks of RFC 9449 §4.3 on a parsed <see cref="DpopProof"/>, in two steps: <see cref="CheckRequest"/> (what
/// the proof says about the request, no I/O, before the session is looked up) and <see cref="CheckKey"/> (the session's
/// key and the signature). Replay (the <c>jti</c>) is the store's: <see cref="ReplayKey"/>. ES256 is verified by .NET's
/// <see cref="ECDsa"/>; ES256K by <see cref="Secp256k1.VerifySignature"/> (public data only).
/// </summary>
internal sealed class DpopProofValidator
{
    private const string ProofType = "dpop+jwt";

    // Importing a P-256 key validates the point (a scalar multiplication), so each key is imported once. Bounded: a
    // full cache starts over (keys of live sessions are imported again on their next request).
    private const int MaxCachedKeys = 4096;
    private readonly ConcurrentDictionary<string, ECDsa> _p256Keys = new(StringComparer.Ordinal);

    public static DpopProofFailure? CheckRequest(
        DpopProof proof, Web3DpopOptions options, TimeSpan clockSkew, string method, string expectedUri, string token, DateTimeOffset now,
        IDataProtector? nonceProtector)
    {
        if (!string.Equals(proof.Type, ProofType, StringComparison.Ordinal))
        {
            return new(DpopProofError.WrongType, $"The DPoP proof's typ must be \"{ProofType}\".");
        }

        if (!options.Algorithms.Contains(proof.Algorithm))
        {
            return new(DpopProofError.AlgorithmNotAllowed, $"The DPoP proof's alg must be one of: {string.Join(' ', options.Algorithms.Order(StringComparer.Ordinal))}.");
        }

        if (proof.Algorithm != proof.Key.Algorithm)
        {
            return new(DpopProofError.AlgorithmKeyMismatch, $"The DPoP proof's alg {proof.Algorithm} does not fit its {proof.Key.CurveName} key.");
        }

        if (!string.Equals(proof.Method, method, StringComparison.Ordinal))
        {
            return new(DpopProofError.MethodMismatch, $"The DPoP proof's htm must be this request's method, {method}.");
        }

        if (!DpopTargetUri.TryNormalize(proof.Uri, out var uri) || !string.Equals(uri, expectedUri, StringComparison.Ordinal))
        {
            return new(DpopProofError.UriMismatch, $"The DPoP proof's htu must be this request's URI without query and fragment, {expectedUri}.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(proof.IssuedAt, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (issuedAt > now + clockSkew)
        {
            return new(DpopProofError.IssuedInFuture, "The DPoP proof's iat is in the future: check the client's clock.");
        }

        // iat has whole seconds: a proof made in the second 'now - lifetime' falls in.
        if (issuedAt + options.ProofLifetime < now.AddSeconds(-1))
        {
            return new(DpopProofError.Expired, $"The DPoP proof is older than {options.ProofLifetime.TotalSeconds:0} seconds: make a new one for each request.");
        }

        if (proof.TokenHash is null || !MatchesTokenHash(proof.TokenHash, token))
        {
            return new(DpopProofError.TokenHashMismatch, "The DPoP proof's ath must be the base64url SHA-256 of the token it is sent with.");
        }

        if (nonceProtector is not null && options.NonceLifetime is { } nonceLifetime &&
            (DpopNonce.IssuedAt(nonceProtector, proof.Nonce) is not { } nonceIssued || nonceIssued > now + clockSkew || nonceIssued + nonceLifetime <= now))
        {
            return new(DpopProofError.NonceRequired, "The DPoP proof needs the server nonce from the DPoP-Nonce header of this response.");
        }

        return null;
    }

    public DpopProofFailure? CheckKey(DpopProof proof, Web3BoundKey key)
    {
        if (!AsciiFixedTimeEquals(proof.Key.Thumbprint, key.Thumbprint))
        {
            return new(DpopProofError.KeyMismatch, "The DPoP proof is signed by another key than the one this session is bound to.");
        }

        var verified = proof.Key.Curve == SessionKeyCurve.P256 ? VerifyP256(proof) : VerifySecp256k1(proof);
        return verified ? null : new(DpopProofError.InvalidSignature, "The DPoP proof's signature does not verify with its jwk.");
    }

    /// <summary>
    /// The single-use record of a proof: its <c>jti</c> under its key, hashed to a fixed length:
    /// <c>dpop:</c> and base64url(SHA-256(UTF-8(thumbprint + "\n" + jti))).
    /// </summary>
    public static string ReplayKey(DpopProof proof)
    {
        // The thumbprint is 43 characters and the jti at most 256 (DpopProof), so this fits the stack.
        var thumbprint = proof.Key.Thumbprint;
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(thumbprint.Length + 1 + proof.Jti.Length)];
        var length = Encoding.UTF8.GetBytes(thumbprint, input);
        input[length++] = (byte)'\n';
        length += Encoding.UTF8.GetBytes(proof.Jti, input[length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        Span<char> text = stackalloc char[ReplayKeyPrefix.Length + Base64Url.GetEncodedLength(SHA256.HashSizeInBytes)];
        ReplayKeyPrefix.CopyTo(text);
        Base64Url.EncodeToChars(hash, text[ReplayKeyPrefix.Length..]);
        return new string(text);
    }

    /// <summary>Until when a proof's <c>jti</c> must be remembered: after that its <c>iat</c> is refused anyway.</summary>
    public static DateTimeOffset ReplayUntil(DpopProof proof, Web3DpopOptions options, TimeSpan clockSkew) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Min(proof.IssuedAt, DateTimeOffset.MaxValue.ToUnixTimeSeconds() / 2)) + options.ProofLifetime + clockSkew + TimeSpan.FromSeconds(1);

    /// <summary>The <c>ath</c> of a token: base64url(SHA-256(ASCII token)).</summary>
    public static string TokenHash(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private const string ReplayKeyPrefix = "dpop:";

    // ath == TokenHash(token), compared as ASCII in fixed time, without making the strings.
    private static bool MatchesTokenHash(string ath, string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> ascii = token.Length <= 1024 ? stackalloc byte[token.Length] : new byte[token.Length];
        SHA256.HashData(ascii[..Encoding.ASCII.GetBytes(token, ascii)], hash);
        Span<byte> expected = stackalloc byte[Base64Url.GetEncodedLength(SHA256.HashSizeInBytes)];
        Base64Url.EncodeToUtf8(hash, expected);
        return AsciiFixedTimeEquals(ath, expected);
    }

    // CryptographicOperations.FixedTimeEquals of the two texts' ASCII bytes (unequal lengths are unequal).
    private static bool AsciiFixedTimeEquals(string left, string right)
    {
        Span<byte> bytes = right.Length <= 256 ? stackalloc byte[right.Length] : new byte[right.Length];
        return AsciiFixedTimeEquals(left, bytes[..Encoding.ASCII.GetBytes(right, bytes)]);
    }

    private static bool AsciiFixedTimeEquals(string left, ReadOnlySpan<byte> right)
    {
        Span<byte> bytes = left.Length <= 256 ? stackalloc byte[left.Length] : new byte[left.Length];
        return CryptographicOperations.FixedTimeEquals(bytes[..Encoding.ASCII.GetBytes(left, bytes)], right);
    }

    private static bool VerifySecp256k1(DpopProof proof)
    {
        Span<byte> publicKey = stackalloc byte[2 * SessionPublicKey.CoordinateBytes];
        proof.Key.X.CopyTo(publicKey);
        proof.Key.Y.CopyTo(publicKey[SessionPublicKey.CoordinateBytes..]);
        return Secp256k1.VerifySignature(proof.SigningInputHash, proof.Signature, publicKey);
    }

    private bool VerifyP256(DpopProof proof)
    {
        if (!_p256Keys.TryGetValue(proof.Key.Thumbprint, out var ecdsa))
        {
            if (_p256Keys.Count >= MaxCachedKeys)
            {
                _p256Keys.Clear();
            }

            ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = proof.Key.X, Y = proof.Key.Y },
            });
            ecdsa = _p256Keys.GetOrAdd(proof.Key.Thumbprint, ecdsa);
        }

        // ECDsa instances are not documented as thread-safe; one key's concurrent requests take turns.
        lock (ecdsa)
        {
            return ecdsa.VerifyHash(proof.SigningInputHash, proof.Signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }
}
