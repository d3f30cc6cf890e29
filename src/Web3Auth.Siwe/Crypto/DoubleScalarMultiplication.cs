using System.Runtime.CompilerServices;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// a·G + b·P in one pass (Straus/Shamir): the four half-length scalars (a's halves against G and 2^128·G, b's GLV
/// halves against P and λ·P) share a single chain of ~128 doublings, each adding from its own wNAF table.
/// </summary>
internal static class DoubleScalarMultiplication
{
    // Window for P: its table is built per call, so it stays small (8 odd multiples).
    private const int WindowP = 5;
    private const int TableSizeP = 1 << (WindowP - 2);

    public static JacobianPoint Compute(in Scalar a, in AffinePoint p, in Scalar b)
    {
        // b = b1 + b2·λ with short halves; a negative half is made positive and its sign moved onto the point.
        Endomorphism.Split(b, out var b1, out var b2);
        var negate1 = b1.IsHigh;
        if (negate1)
        {
            b1 = -b1;
        }

        var negate2 = b2.IsHigh;
        if (negate2)
        {
            b2 = -b2;
        }

        // Odd multiples of P, then of λ·P = (β·x, y): same Y and Z, so one multiplication each.
        Span<JacobianPoint> table = stackalloc JacobianPoint[TableSizeP];
        Span<JacobianPoint> tableLambda = stackalloc JacobianPoint[TableSizeP];
        var p1 = JacobianPoint.FromAffine(p);
        var twice = JacobianPoint.Double(p1);
        table[0] = p1;
        for (var i = 1; i < TableSizeP; i++)
        {
            table[i] = JacobianPoint.Add(table[i - 1], twice);
        }

        for (var i = 0; i < TableSizeP; i++)
        {
            tableLambda[i] = new JacobianPoint(table[i].X * Endomorphism.Beta, table[i].Y, table[i].Z);
        }

        Span<int> digits1 = stackalloc int[Wnaf.MaxLength];
        Span<int> digits2 = stackalloc int[Wnaf.MaxLength];
        Span<int> digitsLow = stackalloc int[Wnaf.MaxLength];
        Span<int> digitsHigh = stackalloc int[Wnaf.MaxLength];
        var length1 = Wnaf.Compute(digits1, b1.N0, b1.N1, b1.N2, b1.N3, WindowP);
        var length2 = Wnaf.Compute(digits2, b2.N0, b2.N1, b2.N2, b2.N3, WindowP);
        var lengthLow = Wnaf.Compute(digitsLow, a.N0, a.N1, 0, 0, GeneratorTable.Window);
        var lengthHigh = Wnaf.Compute(digitsHigh, a.N2, a.N3, 0, 0, GeneratorTable.Window);
        var length = Math.Max(Math.Max(length1, length2), Math.Max(lengthLow, lengthHigh));

        var low = GeneratorTable.Low;
        var high = GeneratorTable.High;
        var q = JacobianPoint.Infinity;
        for (var i = length - 1; i >= 0; i--)
        {
            q = JacobianPoint.Double(q);

            int digit;
            if ((digit = digits1[i]) != 0)
            {
                q = JacobianPoint.Add(q, Select(table, digit, negate1));
            }

            if ((digit = digits2[i]) != 0)
            {
                q = JacobianPoint.Add(q, Select(tableLambda, digit, negate2));
            }

            if ((digit = digitsLow[i]) != 0)
            {
                q = JacobianPoint.Add(q, Select(low, digit));
            }

            if ((digit = digitsHigh[i]) != 0)
            {
                q = JacobianPoint.Add(q, Select(high, digit));
            }
        }

        return q;
    }

    // Table entry for an odd digit d: |d|·P, negated when d < 0 (or, for a negated half, when d > 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JacobianPoint Select(ReadOnlySpan<JacobianPoint> table, int digit, bool negate)
    {
        ref readonly var entry = ref table[(Math.Abs(digit) - 1) >> 1];
        return (digit < 0) != negate ? -entry : entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static AffinePoint Select(AffinePoint[] table, int digit)
    {
        ref readonly var entry = ref table[(Math.Abs(digit) - 1) >> 1];
        return digit < 0 ? -entry : entry;
    }
}
