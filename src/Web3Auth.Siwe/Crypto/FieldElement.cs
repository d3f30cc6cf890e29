using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// An element of the secp256k1 base field GF(p), p = 2^256 − 2^32 − 977, as four little-endian 64-bit limbs.
/// </summary>
/// <remarks>
/// The limbs may hold any value below 2^256 that is congruent to the element ("weakly reduced"): only values in
/// [p, 2^256) have a second representation, they are astronomically rare, and skipping the final subtraction after
/// every operation saves a compare per operation. <see cref="Normalize"/> gives the canonical form; comparisons,
/// parity and serialization normalize first. Variable time: recovery only ever handles public data.
/// </remarks>
internal readonly struct FieldElement
{
    // p's lowest limb; its other three limbs are all ones.
    private const ulong P0 = 0xFFFFFFFEFFFFFC2F;

    // 2^256 mod p = 2^32 + 977: the high half of a product folds back in with one small multiplication.
    private const ulong TwoPow256ModP = 0x1000003D1;

    /// <summary>The limbs, least significant first.</summary>
    public readonly ulong N0, N1, N2, N3;

    public FieldElement(ulong n0, ulong n1, ulong n2, ulong n3)
    {
        N0 = n0;
        N1 = n1;
        N2 = n2;
        N3 = n3;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0);

    /// <summary>Reads 32 big-endian bytes. Any 256-bit value is a valid (weakly reduced) representation.</summary>
    public static FieldElement FromBigEndian(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes));

    /// <summary>
    /// Reads 32 big-endian bytes that must be canonical (below p): a public key's coordinates have exactly one
    /// encoding, so a value in [p, 2^256) is refused rather than read as its weakly reduced twin.
    /// </summary>
    public static bool TryFromBigEndian(ReadOnlySpan<byte> bytes, out FieldElement element)
    {
        element = FromBigEndian(bytes);
        if ((element.N3 & element.N2 & element.N1) == ulong.MaxValue && element.N0 >= P0)
        {
            element = default;
            return false;
        }

        return true;
    }

    /// <summary>Writes the canonical value as 32 big-endian bytes.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        var n = Normalize();
        BinaryPrimitives.WriteUInt64BigEndian(destination, n.N3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], n.N2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], n.N1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], n.N0);
    }

    /// <summary>The canonical representation, below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldElement Normalize() =>
        (N3 & N2 & N1) == ulong.MaxValue && N0 >= P0
            ? new FieldElement(N0 - P0, 0, 0, 0) // value − p, which is below 2^32 + 977
            : this;

    /// <summary>Whether the element is zero (limbs 0 or p).</summary>
    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (N0 | N1 | N2 | N3) == 0 || ((N3 & N2 & N1) == ulong.MaxValue && N0 == P0);
    }

    /// <summary>Whether the canonical value is odd (the parity that selects y in point decompression).</summary>
    public bool IsOdd => (Normalize().N0 & 1) != 0;

    /// <summary>Whether both elements are the same field element, whatever their representations.</summary>
    public bool Equals(in FieldElement other)
    {
        var a = Normalize();
        var b = other.Normalize();
        return a.N0 == b.N0 && a.N1 == b.N1 && a.N2 == b.N2 && a.N3 == b.N3;
    }

    // Additions and subtractions carry or borrow out of the top limb about half the time, so the fix-up is
    // branch-free: 2^256 ≡ 2^32 + 977 is added or subtracted under a mask. Only the follow-on carry out of the low
    // limb, which needs a limb at least 2^64 − 2^33, takes a (practically never taken) branch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator +(in FieldElement a, in FieldElement b)
    {
        var carry = 0UL;
        var r0 = Limb.AddCarry(a.N0, b.N0, ref carry);
        var r1 = Limb.AddCarry(a.N1, b.N1, ref carry);
        var r2 = Limb.AddCarry(a.N2, b.N2, ref carry);
        var r3 = Limb.AddCarry(a.N3, b.N3, ref carry);
        return AddToLowLimb(r0, r1, r2, r3, (0 - carry) & TwoPow256ModP);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator -(in FieldElement a, in FieldElement b)
    {
        var borrow = 0UL;
        var r0 = Limb.SubBorrow(a.N0, b.N0, ref borrow);
        var r1 = Limb.SubBorrow(a.N1, b.N1, ref borrow);
        var r2 = Limb.SubBorrow(a.N2, b.N2, ref borrow);
        var r3 = Limb.SubBorrow(a.N3, b.N3, ref borrow);

        // A borrow means the limbs hold a − b + 2^256, which is 2^32 + 977 too much mod p.
        var x = (0 - borrow) & TwoPow256ModP;
        var s0 = r0 - x;
        return s0 <= r0 ? new FieldElement(s0, r1, r2, r3) : BorrowFromHighLimbs(s0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator -(in FieldElement a) => Zero - a;

    // Not inlined: the product is large, and inlining it into the point formulas would exhaust the JIT's inlining
    // budget there, leaving the small carry helpers inside it as real calls.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FieldElement operator *(in FieldElement a, in FieldElement b)
    {
        Limb.Multiply(
            a.N0, a.N1, a.N2, a.N3, b.N0, b.N1, b.N2, b.N3,
            out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>Returns this element squared (10 limb products instead of 16).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public FieldElement Square()
    {
        ulong a0 = N0, a1 = N1, a2 = N2, a3 = N3;

        ulong c0, c1, c2 = 0;
        c1 = Limb.Mul(a0, a0, out c0);
        var t0 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd2(a0, a1, ref c0, ref c1, ref c2);
        var t1 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd2(a0, a2, ref c0, ref c1, ref c2);
        Limb.MulAdd(a1, a1, ref c0, ref c1, ref c2);
        var t2 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd2(a0, a3, ref c0, ref c1, ref c2);
        Limb.MulAdd2(a1, a2, ref c0, ref c1, ref c2);
        var t3 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd2(a1, a3, ref c0, ref c1, ref c2);
        Limb.MulAdd(a2, a2, ref c0, ref c1, ref c2);
        var t4 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd2(a2, a3, ref c0, ref c1, ref c2);
        var t5 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        Limb.MulAdd(a3, a3, ref c0, ref c1, ref c2);

        return Reduce(t0, t1, t2, t3, t4, t5, c0, c1);
    }

    /// <summary>Returns this element squared <paramref name="count"/> times.</summary>
    public FieldElement Square(int count)
    {
        var r = this;
        for (var i = 0; i < count; i++)
        {
            r = r.Square();
        }

        return r;
    }

    /// <summary>Multiplies by 2^<paramref name="bits"/> (1 ≤ bits ≤ 29) with shifts: the 2, 4 and 8 of the point formulas.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldElement ShiftLeft(int bits)
    {
        var back = 64 - bits;
        var top = N3 >> back;
        var r3 = (N3 << bits) | (N2 >> back);
        var r2 = (N2 << bits) | (N1 >> back);
        var r1 = (N1 << bits) | (N0 >> back);
        var r0 = N0 << bits;
        return AddToLowLimb(r0, r1, r2, r3, top * TwoPow256ModP); // top·2^256 ≡ top·(2^32 + 977), below 2^62
    }

    /// <summary>The multiplicative inverse (zero maps to zero), by the variable-time safegcd algorithm.</summary>
    public FieldElement Invert()
    {
        var n = Normalize();
        ModularInverse.Invert(n.N0, n.N1, n.N2, n.N3, ModularInverse.FieldPrime, out var r0, out var r1, out var r2, out var r3);
        return new FieldElement(r0, r1, r2, r3);
    }

    /// <summary>
    /// Finds a square root. As p ≡ 3 (mod 4), a candidate is a^((p+1)/4); it is a root only if a is a square,
    /// which is checked by squaring it back.
    /// </summary>
    public bool TrySqrt(out FieldElement root)
    {
        // (p+1)/4 in binary: 223 ones, 0, 22 ones, 0000, 11, 00. Build runs of ones (x_k = a^(2^k − 1)) and stitch them.
        var a = this;
        var x2 = a.Square() * a;
        var x3 = x2.Square() * a;
        var x6 = x3.Square(3) * x3;
        var x9 = x6.Square(3) * x3;
        var x11 = x9.Square(2) * x2;
        var x22 = x11.Square(11) * x11;
        var x44 = x22.Square(22) * x22;
        var x88 = x44.Square(44) * x44;
        var x176 = x88.Square(88) * x88;
        var x220 = x176.Square(44) * x44;
        var x223 = x220.Square(3) * x3;

        var t = x223.Square(23) * x22;
        t = t.Square(6) * x2;
        root = t.Square(2);
        return root.Square().Equals(a);
    }

    // Adds x (below 2^63) to the low limb; a carry out of it is rare and handled out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement AddToLowLimb(ulong r0, ulong r1, ulong r2, ulong r3, ulong x)
    {
        var s0 = r0 + x;
        return s0 >= x ? new FieldElement(s0, r1, r2, r3) : CarryIntoHighLimbs(s0, r1, r2, r3);
    }

    // The low limb wrapped: add 2^64. If that carries out of the top limb too, the value wrapped past 2^256 and the
    // limbs are now tiny (the low limb is below 2^63, the others zero), so adding 2^256 mod p cannot carry again.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FieldElement CarryIntoHighLimbs(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        var carry = 1UL;
        r1 = Limb.AddCarry(r1, 0, ref carry);
        r2 = Limb.AddCarry(r2, 0, ref carry);
        r3 = Limb.AddCarry(r3, 0, ref carry);
        if (carry != 0)
        {
            r0 += TwoPow256ModP;
        }

        return new FieldElement(r0, r1, r2, r3);
    }

    // The low limb wrapped below zero: subtract 2^64. If that borrows out of the top limb too, the value went negative
    // and gets 2^256 ≡ 2^32 + 977 back (subtracting it once more); the low limb is then at least 2^63, so no further
    // borrow.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FieldElement BorrowFromHighLimbs(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        var borrow = 1UL;
        r1 = Limb.SubBorrow(r1, 0, ref borrow);
        r2 = Limb.SubBorrow(r2, 0, ref borrow);
        r3 = Limb.SubBorrow(r3, 0, ref borrow);
        if (borrow != 0)
        {
            r0 -= TwoPow256ModP;
        }

        return new FieldElement(r0, r1, r2, r3);
    }

    // Reduces a 512-bit product t7..t0: t = L + H·2^256 ≡ L + H·(2^32 + 977), then the small overflow word once more.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        // Each H limb times 2^32 + 977 is below 2^97, so the running carry stays below 2^34.
        var high = Limb.Mul(t4, TwoPow256ModP, out var low);
        var r0 = t0 + low;
        var carry = high + (r0 < low ? 1UL : 0UL);

        high = Limb.Mul(t5, TwoPow256ModP, out low);
        low += carry;
        high += low < carry ? 1UL : 0UL;
        var r1 = t1 + low;
        carry = high + (r1 < low ? 1UL : 0UL);

        high = Limb.Mul(t6, TwoPow256ModP, out low);
        low += carry;
        high += low < carry ? 1UL : 0UL;
        var r2 = t2 + low;
        carry = high + (r2 < low ? 1UL : 0UL);

        high = Limb.Mul(t7, TwoPow256ModP, out low);
        low += carry;
        high += low < carry ? 1UL : 0UL;
        var r3 = t3 + low;
        carry = high + (r3 < low ? 1UL : 0UL);

        return FoldTop(r0, r1, r2, r3, carry);
    }

    // Folds a fifth limb (below 2^34) back in: top·2^256 ≡ top·(2^32 + 977), a value below 2^67.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement FoldTop(ulong r0, ulong r1, ulong r2, ulong r3, ulong top)
    {
        var high = Limb.Mul(top, TwoPow256ModP, out var low);
        var carry = 0UL;
        r0 = Limb.AddCarry(r0, low, ref carry);
        r1 = Limb.AddCarry(r1, high, ref carry);
        return carry == 0 ? new FieldElement(r0, r1, r2, r3) : CarryIntoLimb2(r0, r1, r2, r3);
    }

    // The fold carried out of the second limb: add 2^128. Wrapping past 2^256 leaves less than 2^67 in the limbs,
    // so adding 2^256 mod p then carries at most into the second limb.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FieldElement CarryIntoLimb2(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        var carry = 1UL;
        r2 = Limb.AddCarry(r2, 0, ref carry);
        r3 = Limb.AddCarry(r3, 0, ref carry);
        if (carry != 0)
        {
            r0 += TwoPow256ModP;
            r1 += r0 < TwoPow256ModP ? 1UL : 0UL;
        }

        return new FieldElement(r0, r1, r2, r3);
    }
}
