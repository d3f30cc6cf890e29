namespace Web3Auth.Siwe.Crypto;

/// <summary>A finite point (x, y) on secp256k1: y² = x³ + 7 over GF(p).</summary>
internal readonly struct AffinePoint
{
    public readonly FieldElement X, Y;

    public AffinePoint(in FieldElement x, in FieldElement y)
    {
        X = x;
        Y = y;
    }

    /// <summary>The generator G of SEC 2.</summary>
    public static AffinePoint Generator { get; } = new(
        new FieldElement(0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC),
        new FieldElement(0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465));

    public static AffinePoint operator -(in AffinePoint p) => new(p.X, -p.Y);

    /// <summary>
    /// Finds the point with x-coordinate <paramref name="x"/> and the given y parity (the ECDSA recovery id's low bit).
    /// Fails when x³ + 7 is not a square, that is when no curve point has this x.
    /// </summary>
    public static bool TryFromX(in FieldElement x, bool oddY, out AffinePoint point)
    {
        var right = (x.Square() * x) + new FieldElement(7, 0, 0, 0);
        if (!right.TrySqrt(out var y))
        {
            point = default;
            return false;
        }

        point = new AffinePoint(x, y.IsOdd == oddY ? y : -y);
        return true;
    }

    /// <summary>
    /// Reads a public key given as two 32-byte big-endian coordinates. Fails for other lengths, a coordinate that is
    /// not below p, and a point that is not on the curve (the point at infinity has no such encoding).
    /// </summary>
    public static bool TryFromBigEndian(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, out AffinePoint point)
    {
        if (x.Length != 32 || y.Length != 32 ||
            !FieldElement.TryFromBigEndian(x, out var fx) || !FieldElement.TryFromBigEndian(y, out var fy))
        {
            point = default;
            return false;
        }

        point = new AffinePoint(fx, fy);
        return point.IsOnCurve;
    }

    /// <summary>Whether the coordinates satisfy the curve equation.</summary>
    public bool IsOnCurve => Y.Square().Equals((X.Square() * X) + new FieldElement(7, 0, 0, 0));
}
