namespace Web3Auth.Siwe.Crypto;

public static partial class Secp256k1
{
    private const int CompactSignatureSize = 64;

    // n as a field element (n < p), and p − n: an x-coordinate in [n, p) reduces to r = x − n, which is below p − n.
    private static readonly FieldElement GroupOrder =
        new(0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    private static readonly FieldElement PrimeMinusOrder = new(0x402DA1722FC9BAEE, 0x4551231950B75FC4, 1, 0);

    /// <summary>
    /// Verifies an ECDSA signature as JWS <c>ES256K</c> (RFC 8812) does: <paramref name="signature"/> is the 64-byte
    /// <c>r‖s</c> (big-endian, not DER) over the 32-byte <paramref name="hash"/> (the SHA-256 of the JWS signing
    /// input), by the key <paramref name="publicKey"/>, 64 bytes <c>X‖Y</c> (uncompressed, without <c>0x04</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// High s is accepted: RFC 8812 does not require low s, and JOSE libraries built on OpenSSL or WebCrypto do not
    /// normalise it. The malleability this allows (anyone can turn (r, s) into (r, n − s)) does not matter for DPoP
    /// proofs, whose replay protection is keyed on the proof's <c>jti</c>, not on its signature bytes. This differs
    /// from <see cref="TryRecoverPublicKey"/>, which keeps Ethereum's low-s rule (EIP-2), and from libsecp256k1's
    /// <c>secp256k1_ecdsa_verify</c>, which accepts only low s.
    /// </para>
    /// <para>Variable time: everything it handles is public.</para>
    /// </remarks>
    /// <param name="hash">The 32-byte message hash.</param>
    /// <param name="signature">The 64-byte <c>r‖s</c> signature.</param>
    /// <param name="publicKey">The 64-byte <c>X‖Y</c> public key.</param>
    /// <returns>
    /// Whether the signature is valid. False, never an exception, for wrong lengths, r or s zero or not below n, a key
    /// whose coordinates are not below p or that is not on the curve, and a signature that does not match.
    /// </returns>
    public static bool VerifySignature(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        if (hash.Length != HashSize || signature.Length != CompactSignatureSize || publicKey.Length != PublicKeySize ||
            !AffinePoint.TryFromBigEndian(publicKey[..32], publicKey[32..], out var q))
        {
            return false;
        }

        var rBytes = signature[..32];
        if (!Scalar.TryFromBigEndian(rBytes, out var r) || r.IsZero ||
            !Scalar.TryFromBigEndian(signature[32..], out var s) || s.IsZero)
        {
            return false;
        }

        // No s.IsHigh check: ES256K accepts both (r, s) and (r, n − s), see the remarks.
        // R = u1·G + u2·Q with u1 = e·s⁻¹, u2 = r·s⁻¹; the signature is valid when R.x mod n = r.
        var e = Scalar.FromBigEndianReduced(hash);
        var sInverse = s.Invert();
        var bigR = DoubleScalarMultiplication.Compute(e * sInverse, q, r * sInverse);
        return !bigR.IsInfinity && HasXCongruentTo(bigR, FieldElement.FromBigEndian(rBytes));
    }

    /// <summary>
    /// Whether <paramref name="publicKey"/>, 64 bytes <c>X‖Y</c> (big-endian), is a point on secp256k1 with both
    /// coordinates below p. The point at infinity has no such encoding.
    /// </summary>
    /// <param name="publicKey">The 64-byte <c>X‖Y</c> public key.</param>
    /// <returns>Whether the key is a curve point; false for any other length.</returns>
    public static bool IsOnCurve(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == PublicKeySize && AffinePoint.TryFromBigEndian(publicKey[..32], publicKey[32..], out _);

    // R.x mod n = r without leaving Jacobian coordinates (no field inversion): R.x = X/Z² lies in [0, p), and as
    // p < 2n it is either r itself or r + n, the latter only when r + n < p. So compare X with r·Z² and, for such r,
    // with (r + n)·Z².
    private static bool HasXCongruentTo(in JacobianPoint point, in FieldElement r)
    {
        var zz = point.Z.Square();
        if (point.X.Equals(r * zz))
        {
            return true;
        }

        return IsBelowPrimeMinusOrder(r) && point.X.Equals((r + GroupOrder) * zz);
    }

    // r (canonical, below n) compared with p − n, limb by limb from the top.
    private static bool IsBelowPrimeMinusOrder(in FieldElement r)
    {
        var m = PrimeMinusOrder;
        if (r.N3 != m.N3)
        {
            return r.N3 < m.N3;
        }

        if (r.N2 != m.N2)
        {
            return r.N2 < m.N2;
        }

        return r.N1 != m.N1 ? r.N1 < m.N1 : r.N0 < m.N0;
    }
}
