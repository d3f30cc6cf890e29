using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// An integer modulo the secp256k1 group order n, as four little-endian 64-bit limbs, always fully reduced (below n).
/// </summary>
internal readonly struct Scalar
{
    // n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141
    private const ulong Order0 = 0xBFD25E8CD0364141;
    private const ulong Order1 = 0xBAAEDCE6AF48A03B;
    private const ulong Order2 = 0xFFFFFFFFFFFFFFFE;
    private const ulong Order3 = 0xFFFFFFFFFFFFFFFF;

    // 2^256 − n (129 bits; its third limb is 1): folding the high half of a product costs a short multiplication.
    private const ulong Complement0 = 0x402DA1732FC9BEBF;
    private const ulong Complement1 = 0x4551231950B75FC4;

    // ⌊n/2⌋: EIP-2 rejects any s above it.
    private const ulong HalfOrder0 = 0xDFE92F46681B20A0;
    private const ulong HalfOrder1 = 0x5D576E7357A4501D;
    private const ulong HalfOrder2 = 0xFFFFFFFFFFFFFFFF;
    private const ulong HalfOrder3 = 0x7FFFFFFFFFFFFFFF;

    /// <summary>The limbs, least significant first.</summary>
    public readonly ulong N0, N1, N2, N3;

    public Scalar(ulong n0, ulong n1, ulong n2, ulong n3)
    {
        N0 = n0;
        N1 = n1;
        N2 = n2;
        N3 = n3;
    }

    /// <summary>Reads 32 big-endian bytes; fails if the value is not below n (ECDSA's r and s must not wrap).</summary>
    public static bool TryFromBigEndian(ReadOnlySpan<byte> bytes, out Scalar scalar)
    {
        scalar = Read(bytes);
        if (IsAtLeastOrder(scalar.N0, scalar.N1, scalar.N2, scalar.N3))
        {
            scalar = default;
            return false;
        }

        return true;
    }

    /// <summary>Reads 32 big-endian bytes reduced mod n (how ECDSA turns a 256-bit hash into a scalar).</summary>
    public static Scalar FromBigEndianReduced(ReadOnlySpan<byte> bytes)
    {
        var s = Read(bytes);
        return IsAtLeastOrder(s.N0, s.N1, s.N2, s.N3) ? SubtractOrder(s.N0, s.N1, s.N2, s.N3) : s;
    }

    public bool IsZero => (N0 | N1 | N2 | N3) == 0;

    /// <summary>Whether the value is above ⌊n/2⌋.</summary>
    public bool IsHigh
    {
        get
        {
            if (N3 != HalfOrder3)
            {
                return N3 > HalfOrder3;
            }

            if (N2 != HalfOrder2)
            {
                return N2 > HalfOrder2;
            }

            return N1 != HalfOrder1 ? N1 > HalfOrder1 : N0 > HalfOrder0;
        }
    }

    public static Scalar operator +(in Scalar a, in Scalar b)
    {
        var carry = 0UL;
        var r0 = Limb.AddCarry(a.N0, b.N0, ref carry);
        var r1 = Limb.AddCarry(a.N1, b.N1, ref carry);
        var r2 = Limb.AddCarry(a.N2, b.N2, ref carry);
        var r3 = Limb.AddCarry(a.N3, b.N3, ref carry);

        // Both inputs are below n, so at most one subtraction of n is needed.
        return carry != 0 || IsAtLeastOrder(r0, r1, r2, r3) ? SubtractOrder(r0, r1, r2, r3) : new Scalar(r0, r1, r2, r3);
    }

    public static Scalar operator -(in Scalar a)
    {
        if (a.IsZero)
        {
            return a;
        }

        var borrow = 0UL;
        var r0 = Limb.SubBorrow(Order0, a.N0, ref borrow);
        var r1 = Limb.SubBorrow(Order1, a.N1, ref borrow);
        var r2 = Limb.SubBorrow(Order2, a.N2, ref borrow);
        var r3 = Limb.SubBorrow(Order3, a.N3, ref borrow);
        return new Scalar(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the inliner's budget for the carry helpers inside
    public static Scalar operator *(in Scalar a, in Scalar b)
    {
        Limb.Multiply(
            a.N0, a.N1, a.N2, a.N3, b.N0, b.N1, b.N2, b.N3,
            out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>The multiplicative inverse mod n (zero maps to zero).</summary>
    public Scalar Invert()
    {
        ModularInverse.Invert(N0, N1, N2, N3, ModularInverse.GroupOrder, out var r0, out var r1, out var r2, out var r3);
        return new Scalar(r0, r1, r2, r3);
    }

    private static Scalar Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAtLeastOrder(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        // n's top limb is all ones, so anything with a smaller top limb is below n.
        if (r3 != Order3)
        {
            return false;
        }

        if (r2 != Order2)
        {
            return r2 > Order2;
        }

        return r1 != Order1 ? r1 > Order1 : r0 >= Order0;
    }

    // r − n, computed as r + (2^256 − n) with the carry out of the top limb dropped.
    private static Scalar SubtractOrder(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        var carry = 0UL;
        r0 = Limb.AddCarry(r0, Complement0, ref carry);
        r1 = Limb.AddCarry(r1, Complement1, ref carry);
        r2 = Limb.AddCarry(r2, 1, ref carry);
        r3 = Limb.AddCarry(r3, 0, ref carry);
        return new Scalar(r0, r1, r2, r3);
    }

    // Reduces a 512-bit product mod n by folding the part above 2^256 with 2^256 ≡ c (mod n), c = 2^256 − n:
    // 512 bits → below 2^386 → below 2^260 → below 2^257, then one conditional subtraction.
    private static Scalar Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        const ulong C0 = Complement0, C1 = Complement1;
        ulong c0 = t0, c1 = 0, c2 = 0;

        // m = t[0..3] + t[4..7]·c; c's limbs are C0, C1 and 1.
        Limb.MulAdd(t4, C0, ref c0, ref c1, ref c2);
        var m0 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(t1, ref c0, ref c1, ref c2);
        Limb.MulAdd(t5, C0, ref c0, ref c1, ref c2);
        Limb.MulAdd(t4, C1, ref c0, ref c1, ref c2);
        var m1 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(t2, ref c0, ref c1, ref c2);
        Limb.MulAdd(t6, C0, ref c0, ref c1, ref c2);
        Limb.MulAdd(t5, C1, ref c0, ref c1, ref c2);
        Limb.Add(t4, ref c0, ref c1, ref c2);
        var m2 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(t3, ref c0, ref c1, ref c2);
        Limb.MulAdd(t7, C0, ref c0, ref c1, ref c2);
        Limb.MulAdd(t6, C1, ref c0, ref c1, ref c2);
        Limb.Add(t5, ref c0, ref c1, ref c2);
        var m3 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd(t7, C1, ref c0, ref c1, ref c2);
        Limb.Add(t6, ref c0, ref c1, ref c2);
        var m4 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(t7, ref c0, ref c1, ref c2);
        var m5 = c0;
        var m6 = c1;

        // p = m[0..3] + m[4..6]·c, below 2^260.
        c0 = m0; c1 = 0; c2 = 0;
        Limb.MulAdd(m4, C0, ref c0, ref c1, ref c2);
        var p0 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(m1, ref c0, ref c1, ref c2);
        Limb.MulAdd(m5, C0, ref c0, ref c1, ref c2);
        Limb.MulAdd(m4, C1, ref c0, ref c1, ref c2);
        var p1 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(m2, ref c0, ref c1, ref c2);
        Limb.MulAdd(m6, C0, ref c0, ref c1, ref c2);
        Limb.MulAdd(m5, C1, ref c0, ref c1, ref c2);
        Limb.Add(m4, ref c0, ref c1, ref c2);
        var p2 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(m3, ref c0, ref c1, ref c2);
        Limb.MulAdd(m6, C1, ref c0, ref c1, ref c2);
        Limb.Add(m5, ref c0, ref c1, ref c2);
        var p3 = c0;
        var p4 = c1 + m6;

        // r = p[0..3] + p4·c, below 2^257: a carry out of the top limb means r ≥ 2^256 > n.
        c0 = p0; c1 = 0; c2 = 0;
        Limb.MulAdd(p4, C0, ref c0, ref c1, ref c2);
        var r0 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(p1, ref c0, ref c1, ref c2);
        Limb.MulAdd(p4, C1, ref c0, ref c1, ref c2);
        var r1 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(p2, ref c0, ref c1, ref c2);
        Limb.Add(p4, ref c0, ref c1, ref c2);
        var r2 = c0;
        c0 = c1; c1 = c2; c2 = 0;
        Limb.Add(p3, ref c0, ref c1, ref c2);
        var r3 = c0;
        var carry = c1;

        return carry != 0 || IsAtLeastOrder(r0, r1, r2, r3) ? SubtractOrder(r0, r1, r2, r3) : new Scalar(r0, r1, r2, r3);
    }
}
