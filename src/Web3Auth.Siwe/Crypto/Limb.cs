using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// Carry-propagating 64-bit limb primitives shared by the field and scalar arithmetic.
/// .NET has no add-with-carry intrinsic, so carries are recovered with unsigned comparisons, which the JIT turns into
/// flag-setting instructions without branches.
/// </summary>
internal static class Limb
{
    /// <summary>Returns the high word of <c>a·b</c> and writes the low word to <paramref name="low"/>.</summary>
    /// <remarks>
    /// <see cref="Math.BigMul(ulong, ulong, out ulong)"/> spills its low word through memory; a plain multiplication
    /// for the low word plus the high-word-only intrinsic keeps both in registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul(ulong a, ulong b, out ulong low)
    {
        low = a * b;
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }

        return ArmBase.Arm64.IsSupported ? ArmBase.Arm64.MultiplyHigh(a, b) : Math.BigMul(a, b, out _);
    }

    /// <summary>Returns <c>x + y + carry</c> (mod 2^64) and sets <paramref name="carry"/> to the carry out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddCarry(ulong x, ulong y, ref ulong carry)
    {
        var sum = x + y;
        var carryOut = sum < x ? 1UL : 0UL;
        sum += carry;
        carryOut += sum < carry ? 1UL : 0UL;
        carry = carryOut;
        return sum;
    }

    /// <summary>Returns <c>x − y − borrow</c> (mod 2^64) and sets <paramref name="borrow"/> to the borrow out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubBorrow(ulong x, ulong y, ref ulong borrow)
    {
        var difference = x - y;
        var borrowOut = x < y ? 1UL : 0UL;
        borrowOut += difference < borrow ? 1UL : 0UL;
        difference -= borrow;
        borrow = borrowOut;
        return difference;
    }

    /// <summary>Adds <c>a·b</c> to the 192-bit accumulator <c>c2:c1:c0</c> (product scanning).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd(ulong a, ulong b, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        var high = Mul(a, b, out var low);
        c0 += low;
        high += c0 < low ? 1UL : 0UL; // high ≤ 2^64 − 2, so this cannot wrap
        c1 += high;
        c2 += c1 < high ? 1UL : 0UL;
    }

    /// <summary>Adds <c>2·a·b</c> to the 192-bit accumulator <c>c2:c1:c0</c> (the doubled cross terms of a square).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd2(ulong a, ulong b, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        var high = Mul(a, b, out var low);
        var top = high >> 63;
        high = (high << 1) | (low >> 63);
        low <<= 1;
        var carry = 0UL;
        c0 = AddCarry(c0, low, ref carry);
        c1 = AddCarry(c1, high, ref carry);
        c2 += top + carry;
    }

    /// <summary>Adds the word <paramref name="x"/> to the 192-bit accumulator <c>c2:c1:c0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(ulong x, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        c0 += x;
        var carry = c0 < x ? 1UL : 0UL;
        c1 += carry;
        c2 += c1 < carry ? 1UL : 0UL;
    }

    /// <summary>The full 512-bit product of two 256-bit numbers (little-endian limbs), by product scanning.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(
        ulong a0, ulong a1, ulong a2, ulong a3,
        ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong t0, out ulong t1, out ulong t2, out ulong t3, out ulong t4, out ulong t5, out ulong t6, out ulong t7)
    {
        ulong c0, c1, c2 = 0;
        c1 = Mul(a0, b0, out c0);
        t0 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b1, ref c0, ref c1, ref c2);
        MulAdd(a1, b0, ref c0, ref c1, ref c2);
        t1 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b2, ref c0, ref c1, ref c2);
        MulAdd(a1, b1, ref c0, ref c1, ref c2);
        MulAdd(a2, b0, ref c0, ref c1, ref c2);
        t2 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b3, ref c0, ref c1, ref c2);
        MulAdd(a1, b2, ref c0, ref c1, ref c2);
        MulAdd(a2, b1, ref c0, ref c1, ref c2);
        MulAdd(a3, b0, ref c0, ref c1, ref c2);
        t3 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a1, b3, ref c0, ref c1, ref c2);
        MulAdd(a2, b2, ref c0, ref c1, ref c2);
        MulAdd(a3, b1, ref c0, ref c1, ref c2);
        t4 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a2, b3, ref c0, ref c1, ref c2);
        MulAdd(a3, b2, ref c0, ref c1, ref c2);
        t5 = c0;

        c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a3, b3, ref c0, ref c1, ref c2);
        t6 = c0;
        t7 = c1;
    }
}
