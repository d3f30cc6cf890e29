namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// The GLV endomorphism of secp256k1: λ·(x, y) = (β·x, y), where λ³ ≡ 1 (mod n) and β³ ≡ 1 (mod p).
/// Splitting k = k1 + k2·λ with |k1|, |k2| &lt; 2^128 halves the doublings of a scalar multiplication.
/// </summary>
internal static class Endomorphism
{
    /// <summary>β, the cube root of unity mod p that matches <see cref="Lambda"/>.</summary>
    public static readonly FieldElement Beta = new(0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710);

    /// <summary>λ, the cube root of unity mod n.</summary>
    public static readonly Scalar Lambda = new(0xDF02967C1B23BD72, 0x122E22EA20816678, 0xA5261C028812645A, 0x5363AD4CC05C30E0);

    // −λ mod n.
    private static readonly Scalar MinusLambda = new(0xE0CFC810B51283CF, 0xA880B9FC8EC739C2, 0x5AD9E3FD77ED9BA4, 0xAC9C52B33FA3CF1F);

    // A short basis of the lattice {(a, b) : a + b·λ ≡ 0 (mod n)} is (a1, b1), (a2, b2) with
    // a1 = b2 = 0x3086d221a7d46bcde86c90e49284eb15, b1 = −0xe4437ed6010e88286f547fa90abfe4c3,
    // a2 = 0x114ca50f7a8e2f3f657c1108d9d44cfd8. G1 = round(2^384·b2/n), G2 = round(2^384·(−b1)/n) let us
    // approximate k·b2/n and −k·b1/n with one multiplication and a shift instead of a division.
    private static readonly Scalar G1 = new(0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD);
    private static readonly Scalar G2 = new(0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828);
    private static readonly Scalar MinusB1 = new(0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0);
    private static readonly Scalar MinusB2 = new(0xD765CDA83DB1562C, 0x8A280AC50774346D, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);

    /// <summary>
    /// Splits k into k1 + k2·λ (mod n). As residues mod n, k1 and k2 are each either below 2^128 or above n − 2^128
    /// (a small negative number); callers negate the high ones.
    /// </summary>
    public static void Split(in Scalar k, out Scalar k1, out Scalar k2)
    {
        // c1 ≈ k·b2/n, c2 ≈ −k·b1/n; then k2 = −(c1·b1 + c2·b2) and k1 = k − k2·λ.
        var c1 = MultiplyShift384(k, G1);
        var c2 = MultiplyShift384(k, G2);
        k2 = (c1 * MinusB1) + (c2 * MinusB2);
        k1 = (k2 * MinusLambda) + k;
    }

    // round(a·b / 2^384): the top 128 bits of the 512-bit product, plus bit 383 for rounding. The result is at most
    // 2^128, far below n, so it is a valid scalar.
    private static Scalar MultiplyShift384(in Scalar a, in Scalar b)
    {
        Limb.Multiply(
            a.N0, a.N1, a.N2, a.N3, b.N0, b.N1, b.N2, b.N3,
            out _, out _, out _, out _, out _, out var t5, out var t6, out var t7);
        var carry = t5 >> 63;
        var r0 = Limb.AddCarry(t6, 0, ref carry);
        var r1 = Limb.AddCarry(t7, 0, ref carry);
        return new Scalar(r0, r1, carry, 0);
    }
}
