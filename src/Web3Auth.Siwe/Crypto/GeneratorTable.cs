namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// Precomputed affine odd multiples of G and of 2^128·G, built once per process. Writing the generator's scalar as
/// low + high·2^128 lets both halves share 128 doublings with the GLV halves of the other point, and a wide window
/// (few additions) is affordable because the tables are built only once.
/// </summary>
internal static class GeneratorTable
{
    /// <summary>wNAF window for the generator's scalar halves.</summary>
    public const int Window = 12;

    /// <summary>G, 3G, 5G, …, (2^(w−1) − 1)·G.</summary>
    public static readonly AffinePoint[] Low = OddMultiples(JacobianPoint.FromAffine(AffinePoint.Generator));

    /// <summary>The same multiples of 2^128·G.</summary>
    public static readonly AffinePoint[] High = OddMultiples(TwoPow128G());

    private static JacobianPoint TwoPow128G()
    {
        var p = JacobianPoint.FromAffine(AffinePoint.Generator);
        for (var i = 0; i < 128; i++)
        {
            p = JacobianPoint.Double(p);
        }

        return p;
    }

    private static AffinePoint[] OddMultiples(in JacobianPoint p)
    {
        var points = new JacobianPoint[1 << (Window - 2)];
        var twice = JacobianPoint.Double(p);
        points[0] = p;
        for (var i = 1; i < points.Length; i++)
        {
            points[i] = JacobianPoint.Add(points[i - 1], twice);
        }

        var affine = new AffinePoint[points.Length];
        JacobianPoint.ToAffine(points, affine);
        return affine;
    }
}
