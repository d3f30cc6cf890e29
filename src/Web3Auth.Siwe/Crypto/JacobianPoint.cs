using System.Runtime.CompilerServices;

namespace Web3Auth.Siwe.Crypto;

/// <summary>
/// A secp256k1 point in Jacobian coordinates: (X, Y, Z) stands for the affine (X/Z², Y/Z³). Additions and doublings
/// need no field inversion; one inversion converts the final result back to affine.
/// </summary>
internal readonly struct JacobianPoint
{
    public readonly FieldElement X, Y, Z;

    /// <summary>True for the point at infinity (the group identity); the coordinates are then meaningless.</summary>
    public readonly bool IsInfinity;

    public JacobianPoint(in FieldElement x, in FieldElement y, in FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
        IsInfinity = false;
    }

    private JacobianPoint(bool isInfinity)
    {
        IsInfinity = isInfinity;
    }

    public static JacobianPoint Infinity { get; } = new(isInfinity: true);

    public static JacobianPoint FromAffine(in AffinePoint p) => new(p.X, p.Y, FieldElement.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint operator -(in JacobianPoint p) => p.IsInfinity ? p : new JacobianPoint(p.X, -p.Y, p.Z);

    /// <summary>Converts back to affine coordinates with one field inversion. Not valid for infinity.</summary>
    public AffinePoint ToAffine()
    {
        var zInverse = Z.Invert();
        var zInverse2 = zInverse.Square();
        return new AffinePoint(X * zInverse2, Y * (zInverse2 * zInverse));
    }

    /// <summary>
    /// Converts many finite points to affine with a single field inversion (Montgomery's trick: invert the product of
    /// all Z, then peel off each 1/Z with two multiplications).
    /// </summary>
    public static void ToAffine(ReadOnlySpan<JacobianPoint> points, Span<AffinePoint> destination)
    {
        if (points.IsEmpty)
        {
            return;
        }

        // Park the prefix products Z0·…·Zi in the destination's X coordinates until they are consumed.
        var product = points[0].Z;
        destination[0] = new AffinePoint(product, default);
        for (var i = 1; i < points.Length; i++)
        {
            product *= points[i].Z;
            destination[i] = new AffinePoint(product, default);
        }

        var inverse = product.Invert(); // 1/(Z0·…·Zi), walking i down
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zInverse = i > 0 ? inverse * destination[i - 1].X : inverse;
            inverse *= points[i].Z;
            var zInverse2 = zInverse.Square();
            destination[i] = new AffinePoint(points[i].X * zInverse2, points[i].Y * (zInverse2 * zInverse));
        }
    }

    /// <summary>
    /// 2P with the a = 0 formula "dbl-2009-l" (2M + 5S). secp256k1 has no point of order two, so Y is never zero and
    /// doubling a finite point never gives infinity.
    /// </summary>
    public static JacobianPoint Double(in JacobianPoint p)
    {
        if (p.IsInfinity)
        {
            return p;
        }

        var a = p.X.Square();
        var b = p.Y.Square();
        var c = b.Square();
        var d = ((p.X + b).Square() - a - c).ShiftLeft(1);
        var e = a.ShiftLeft(1) + a;
        var f = e.Square();
        var x3 = f - d.ShiftLeft(1);
        var y3 = (e * (d - x3)) - c.ShiftLeft(3);
        var z3 = (p.Y * p.Z).ShiftLeft(1);
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>P + Q for an affine Q ("mixed" addition, 8M + 3S), falling back to doubling when P = Q.</summary>
    public static JacobianPoint Add(in JacobianPoint p, in AffinePoint q) => Add(p, q, out _);

    /// <summary>
    /// P + Q for an affine Q, also returning Z3/Z1 (which lets a table of sums be brought to one common Z).
    /// </summary>
    public static JacobianPoint Add(in JacobianPoint p, in AffinePoint q, out FieldElement zRatio)
    {
        if (p.IsInfinity)
        {
            zRatio = FieldElement.One;
            return FromAffine(q);
        }

        // Bring Q to P's denominator: U2 = x2·Z1², S2 = y2·Z1³.
        var z1z1 = p.Z.Square();
        return AddPrepared(p, q.X * z1z1, q.Y * (p.Z * z1z1), out zRatio);
    }

    /// <summary>
    /// P + Q where P lives on the isomorphic curve y² = x³ + 7·c⁶ reached by (x, y) ↦ (c²·x, c³·y), and Q is an
    /// affine point of secp256k1 itself (9M + 3S). On that curve Q is the Jacobian point (x, y, 1/c), so no inversion
    /// is needed: its denominator just multiplies P's.
    /// </summary>
    public static JacobianPoint AddIsomorphic(in JacobianPoint p, in AffinePoint q, in FieldElement c)
    {
        if (p.IsInfinity)
        {
            var c2 = c.Square();
            return new JacobianPoint(q.X * c2, q.Y * (c2 * c), FieldElement.One);
        }

        var z = p.Z * c;
        var zz = z.Square();
        return AddPrepared(p, q.X * zz, q.Y * (z * zz), out _);
    }

    // The rest of a mixed addition once Q is over P's denominator (U1 = X1, S1 = Y1): Z3 = Z1·H.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JacobianPoint AddPrepared(in JacobianPoint p, in FieldElement u2, in FieldElement s2, out FieldElement zRatio)
    {
        var h = u2 - p.X;
        var r = s2 - p.Y;
        if (h.IsZero)
        {
            // Same x: P = Q (double; dbl-2009-l sets Z3 = 2·Y1·Z1) or P = −Q (infinity).
            zRatio = p.Y.ShiftLeft(1);
            return r.IsZero ? Double(p) : Infinity;
        }

        var hh = h.Square();
        var hhh = h * hh;
        var v = p.X * hh;
        var x3 = r.Square() - hhh - v.ShiftLeft(1);
        var y3 = (r * (v - x3)) - (p.Y * hhh);
        zRatio = h;
        return new JacobianPoint(x3, y3, p.Z * h);
    }

    /// <summary>P + Q for two Jacobian points (12M + 4S), falling back to doubling when P = Q.</summary>
    public static JacobianPoint Add(in JacobianPoint p, in JacobianPoint q)
    {
        if (p.IsInfinity)
        {
            return q;
        }

        if (q.IsInfinity)
        {
            return p;
        }

        var z1z1 = p.Z.Square();
        var z2z2 = q.Z.Square();
        var u1 = p.X * z2z2;
        var u2 = q.X * z1z1;
        var s1 = p.Y * (q.Z * z2z2);
        var s2 = q.Y * (p.Z * z1z1);
        var h = u2 - u1;
        var r = s2 - s1;
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }

        var hh = h.Square();
        var hhh = h * hh;
        var v = u1 * hh;
        var x3 = r.Square() - hhh - v.ShiftLeft(1);
        var y3 = (r * (v - x3)) - (s1 * hhh);
        var z3 = p.Z * q.Z * h;
        return new JacobianPoint(x3, y3, z3);
    }
}
