using System.Numerics;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// Width-w non-adjacent form: digits that are zero or odd in (−2^(w−1), 2^(w−1)), with any nonzero digit followed by
/// at least w − 1 zeros. A scalar multiplication then needs one addition per ~w + 1 bits, each from a table of the
/// 2^(w−2) odd multiples P, 3P, ..., (2^(w−1) − 1)P, and negation is free.
/// </summary>
internal static class Wnaf
{
    /// <summary>Digits needed for any value below 2^256 (one more than its bit length).</summary>
    public const int MaxLength = 257;

    /// <summary>
    /// Writes the wNAF digits of the 256-bit value <c>l3:l2:l1:l0</c>, least significant first, to
    /// <paramref name="digits"/> (at least <see cref="MaxLength"/> long) and returns how many are significant.
    /// </summary>
    public static int Compute(Span<int> digits, ulong l0, ulong l1, ulong l2, ulong l3, int width)
    {
        // One digit beyond the bit length absorbs the final carry: a window that reaches the end of the number always
        // contains the zero bit just above it, so it never produces a carry out.
        var bitLength = l3 != 0 ? 256 - BitOperations.LeadingZeroCount(l3)
            : l2 != 0 ? 192 - BitOperations.LeadingZeroCount(l2)
            : l1 != 0 ? 128 - BitOperations.LeadingZeroCount(l1)
            : 64 - BitOperations.LeadingZeroCount(l0);
        var length = bitLength + 1;
        digits[..length].Clear();

        Span<ulong> limbs = [l0, l1, l2, l3, 0, 0];
        var carry = 0;
        var bit = 0;
        var last = -1;
        while (true)
        {
            // The pending carry is added to the window starting at the next bit that differs from it; the bits
            // skipped on the way become zero digits. Find that bit 64 positions at a time.
            var ahead = GetBits(limbs, bit, 64) ^ (0 - (ulong)carry);
            while (ahead == 0 && bit < length)
            {
                bit += 64;
                ahead = GetBits(limbs, bit, 64) ^ (0 - (ulong)carry);
            }

            bit += BitOperations.TrailingZeroCount(ahead);
            if (bit >= length)
            {
                break;
            }

            var take = Math.Min(width, length - bit);
            var word = (int)GetBits(limbs, bit, take) + carry;
            carry = (word >> (width - 1)) & 1;
            word -= carry << width;
            digits[bit] = word;
            last = bit;
            bit += take;
        }

        return last + 1;
    }

    // Up to 64 bits starting at offset (bits past the number read as zero).
    private static ulong GetBits(ReadOnlySpan<ulong> limbs, int offset, int count)
    {
        var index = offset >> 6;
        var shift = offset & 63;
        var value = limbs[index] >> shift;
        if (shift != 0)
        {
            value |= limbs[index + 1] << (64 - shift);
        }

        return count == 64 ? value : value & ((1UL << count) - 1);
    }
}
