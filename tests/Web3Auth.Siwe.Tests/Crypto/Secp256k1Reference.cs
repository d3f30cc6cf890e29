using System.Numerics;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe.Tests.Crypto;

/// <summary>
/// Slow, obviously correct <see cref="BigInteger"/> arithmetic for secp256k1: the yardstick for the fixed-width
/// field, scalar and point code.
/// </summary>
internal static class Secp256k1Reference
{
    public static readonly BigInteger P = Parse("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
    public static readonly BigInteger N = Parse("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    public static readonly BigInteger HalfN = N / 2;
    public static readonly BigInteger TwoPow256 = BigInteger.One << 256;
    public static readonly (BigInteger X, BigInteger Y) G = (
        Parse("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
        Parse("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"));

    /// <summary>Parses unsigned big-endian hex.</summary>
    public static BigInteger Parse(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);

    /// <summary>32 big-endian bytes of a value in [0, 2^256).</summary>
    public static byte[] ToBytes32(BigInteger value)
    {
        var bytes = new byte[32];
        if (!value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true))
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        return bytes;
    }

    public static BigInteger FromBytes(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    public static BigInteger ToBigInteger(ulong n0, ulong n1, ulong n2, ulong n3) =>
        n0 + ((BigInteger)n1 << 64) + ((BigInteger)n2 << 128) + ((BigInteger)n3 << 192);

    public static BigInteger ToBigInteger(this FieldElement value) => ToBigInteger(value.N0, value.N1, value.N2, value.N3);

    public static BigInteger ToBigInteger(this Scalar value) => ToBigInteger(value.N0, value.N1, value.N2, value.N3);

    /// <summary>The limbs of any value in [0, 2^256) (field elements may be weakly reduced).</summary>
    public static FieldElement ToFieldElement(BigInteger value) => FieldElement.FromBigEndian(ToBytes32(value));

    public static Scalar ToScalar(BigInteger value) =>
        Scalar.TryFromBigEndian(ToBytes32(value), out var scalar) ? scalar : throw new ArgumentOutOfRangeException(nameof(value));

    public static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = value % modulus;
        return r.Sign < 0 ? r + modulus : r;
    }

    /// <summary>value⁻¹ mod modulus by the extended Euclidean algorithm; zero maps to zero.</summary>
    public static BigInteger Inverse(BigInteger value, BigInteger modulus)
    {
        BigInteger t = 0, nextT = 1, r = modulus, nextR = Mod(value, modulus);
        while (!nextR.IsZero)
        {
            var quotient = BigInteger.DivRem(r, nextR, out var remainder);
            (t, nextT) = (nextT, t - (quotient * nextT));
            (r, nextR) = (nextR, remainder);
        }

        return Mod(t, modulus);
    }

    /// <summary>Affine point addition; null is the point at infinity.</summary>
    public static (BigInteger X, BigInteger Y)? Add((BigInteger X, BigInteger Y)? a, (BigInteger X, BigInteger Y)? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        var (x1, y1) = a.Value;
        var (x2, y2) = b.Value;
        BigInteger slope;
        if (x1 == x2)
        {
            if (Mod(y1 + y2, P).IsZero)
            {
                return null;
            }

            slope = Mod(3 * x1 * x1 * Inverse(2 * y1, P), P);
        }
        else
        {
            slope = Mod((y2 - y1) * Inverse(Mod(x2 - x1, P), P), P);
        }

        var x3 = Mod((slope * slope) - x1 - x2, P);
        return (x3, Mod((slope * (x1 - x3)) - y1, P));
    }

    /// <summary>k·point by double-and-add.</summary>
    public static (BigInteger X, BigInteger Y)? Multiply(BigInteger k, (BigInteger X, BigInteger Y)? point)
    {
        (BigInteger X, BigInteger Y)? result = null;
        k = Mod(k, N);
        while (!k.IsZero)
        {
            if (!k.IsEven)
            {
                result = Add(result, point);
            }

            point = Add(point, point);
            k >>= 1;
        }

        return result;
    }
}
