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

        Span<AffinePoint> table = stackalloc AffinePoint[TableSizeP];
        Span<AffinePoint> tableLambda = stackalloc AffinePoint[TableSizeP];
        BuildOddMultiples(p, table, out var curveScale);

        // λ·(x, y) = (β·x, y), and the isomorphism (scaling x by c²) commutes with it.
        for (var i = 0; i < TableSizeP; i++)
        {
            tableLambda[i] = new AffinePoint(table[i].X * Endomorphism.Beta, table[i].Y);
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

        // The accumulator lives on the scaled curve too: P's multiples are plain affine points there (cheap mixed
        // additions), and G's multiples get the scale folded into the addition.
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
                q = JacobianPoint.AddIsomorphic(q, Select(low, digit, negate: false), curveScale);
            }

            if ((digit = digitsHigh[i]) != 0)
            {
                q = JacobianPoint.AddIsomorphic(q, Select(high, digit, negate: false), curveScale);
            }
        }

        // Back to secp256k1: a point (X, Y, Z) on the scaled curve is (X, Y, Z·c) on the original one.
        return q.IsInfinity ? q : new JacobianPoint(q.X, q.Y, q.Z * curveScale);
    }

    // Writes P, 3P, 5P, ... as affine points of the isomorphic curve (x, y) ↦ (c²·x, c³·y) on which they all share
    // one Jacobian Z (so that Z is 1 there), and returns c. No field inversion is needed, unlike a true conversion
    // to affine (the same trick as libsecp256k1's "effective affine" tables).
    private static void BuildOddMultiples(in AffinePoint p, Span<AffinePoint> table, out FieldElement curveScale)
    {
        // 2P = (Xd, Yd, Zd) is affine on the curve scaled by Zd; P maps there as (Zd²·x, Zd³·y).
        var twice = JacobianPoint.Double(JacobianPoint.FromAffine(p));
        var twiceScaled = new AffinePoint(twice.X, twice.Y);
        var zd2 = twice.Z.Square();

        Span<JacobianPoint> sums = stackalloc JacobianPoint[TableSizeP];
        Span<FieldElement> zRatios = stackalloc FieldElement[TableSizeP];
        sums[0] = new JacobianPoint(p.X * zd2, p.Y * (zd2 * twice.Z), FieldElement.One);
        for (var i = 1; i < sums.Length; i++)
        {
            sums[i] = JacobianPoint.Add(sums[i - 1], twiceScaled, out zRatios[i]);
        }

        // Rescale each sum to the last one's Z: multiply by (Z_last/Z_i)^2 and ^3, the product of the later ratios.
        var last = sums.Length - 1;
        table[last] = new AffinePoint(sums[last].X, sums[last].Y);
        var ratio = zRatios[last];
        for (var i = last - 1; i >= 0; i--)
        {
            var ratio2 = ratio.Square();
            table[i] = new AffinePoint(sums[i].X * ratio2, sums[i].Y * (ratio2 * ratio));
            if (i > 0)
            {
                ratio *= zRatios[i];
            }
        }

        curveScale = twice.Z * sums[last].Z;
    }

    // Table entry for an odd digit d: |d|·P, negated when d < 0 (or, for a negated half, when d > 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static AffinePoint Select(ReadOnlySpan<AffinePoint> table, int digit, bool negate)
    {
        ref readonly var entry = ref table[(Math.Abs(digit) - 1) >> 1];
        return (digit < 0) != negate ? -entry : entry;
    }
}
