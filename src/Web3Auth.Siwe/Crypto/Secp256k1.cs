namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// secp256k1 ECDSA: public-key recovery, as Ethereum's <c>ecrecover</c> does it, and verification against a known key,
/// as JWS <c>ES256K</c> (RFC 8812) does it.
/// </summary>
public static partial class Secp256k1
{
    /// <summary>Size of an <c>r‖s‖v</c> signature in bytes.</summary>
    public const int SignatureSize = 65;

    /// <summary>Size of an uncompressed public key without its <c>0x04</c> prefix (<c>X‖Y</c>).</summary>
    public const int PublicKeySize = 64;

    private const int HashSize = 32;

    /// <summary>
    /// Recovers the public key that produced <paramref name="signature"/> (<c>r‖s‖v</c>, 65 bytes, v ∈ {0, 1, 27, 28})
    /// over the 32-byte <paramref name="hash"/>, writing <c>X‖Y</c> (64 bytes, big-endian) to <paramref name="publicKey"/>.
    /// Rejects r or s of zero or ≥ n, high s, an r that is not the x-coordinate of a curve point and a result at infinity.
    /// Never throws for bad signature bytes.
    /// </summary>
    /// <param name="hash">The 32-byte message hash that was signed (for EIP-191 messages, see <see cref="PersonalMessage"/>).</param>
    /// <param name="signature">The 65-byte <c>r‖s‖v</c> signature.</param>
    /// <param name="publicKey">Receives the 64-byte public key; cleared when recovery fails.</param>
    /// <param name="error">Why recovery failed, or <see cref="SignatureError.None"/>.</param>
    /// <returns>Whether a public key was recovered.</returns>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is shorter than 64 bytes.</exception>
    public static bool TryRecoverPublicKey(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, Span<byte> publicKey, out SignatureError error)
    {
        if (publicKey.Length < PublicKeySize)
        {
            throw new ArgumentException("The destination must hold at least 64 bytes.", nameof(publicKey));
        }

        var destination = publicKey[..PublicKeySize];
        error = Recover(hash, signature, destination);
        if (error != SignatureError.None)
        {
            destination.Clear();
            return false;
        }

        return true;
    }

    private static SignatureError Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, Span<byte> publicKey)
    {
        if (hash.Length != HashSize || signature.Length != SignatureSize)
        {
            return SignatureError.InvalidLength;
        }

        // Ethereum writes the recovery id as 27/28 (legacy) or 0/1. Ids 2 and 3 (x = r + n) are never produced:
        // r + n < p only for a 2^-128 fraction of signatures, and Ethereum rejects them too.
        bool oddY;
        switch (signature[64])
        {
            case 0 or 27: oddY = false; break;
            case 1 or 28: oddY = true; break;
            default: return SignatureError.InvalidRecoveryId;
        }

        var rBytes = signature[..32];
        if (!Scalar.TryFromBigEndian(rBytes, out var r) || r.IsZero)
        {
            return SignatureError.InvalidR;
        }

        if (!Scalar.TryFromBigEndian(signature[32..64], out var s) || s.IsZero)
        {
            return SignatureError.InvalidS;
        }

        if (s.IsHigh)
        {
            return SignatureError.HighS;
        }

        // R is the signer's nonce point: x = r (below n, hence below p), y from the curve equation and the parity bit.
        if (!AffinePoint.TryFromX(FieldElement.FromBigEndian(rBytes), oddY, out var bigR))
        {
            return SignatureError.RNotOnCurve;
        }

        // Q = r⁻¹·(s·R − e·G) = (−e·r⁻¹)·G + (s·r⁻¹)·R.
        var e = Scalar.FromBigEndianReduced(hash);
        var rInverse = r.Invert();
        var q = DoubleScalarMultiplication.Compute(-(e * rInverse), bigR, s * rInverse);
        if (q.IsInfinity)
        {
            return SignatureError.PointAtInfinity;
        }

        var affine = q.ToAffine();
        affine.X.WriteBigEndian(publicKey);
        affine.Y.WriteBigEndian(publicKey[32..]);
        return SignatureError.None;
    }
}
