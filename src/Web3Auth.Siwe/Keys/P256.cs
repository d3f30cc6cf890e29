using System.Numerics;

namespace Web3Auth.Siwe.Keys;

/// <summary>
/// The NIST P-256 curve equation y² = x³ − 3x + b over GF(p), for checking and decompressing public keys.
/// <see cref="BigInteger"/> arithmetic: it runs once per sign-in on public data, never on a hot path, and the
/// signatures themselves are verified by .NET's <c>ECDsa</c>.
/// </summary>
internal static class P256
{
    // FIPS 186-4, D.1.2.3: p = 2^256 − 2^224 + 2^192 + 2^96 − 1.
    private static readonly BigInteger P = Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    private static readonly BigInteger B = Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");

    // p ≡ 3 (mod 4), so a square a has the root a^((p+1)/4).
    private static readonly BigInteger SqrtExponent = (P + 1) / 4;

    /// <summary>Whether the 32-byte coordinates are below p and satisfy the curve equation.</summary>
    public static bool IsOnCurve(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (!TryRead(x, out var fx) || !TryRead(y, out var fy))
        {
            return false;
        }

        return (fy * fy % P) == RightHandSide(fx);
    }

    /// <summary>
    /// Finds the y with the given parity for a 32-byte <paramref name="x"/> and writes it to <paramref name="y"/>
    /// (32 bytes). Fails when x is not below p or no curve point has this x.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> x, bool oddY, Span<byte> y)
    {
        if (!TryRead(x, out var fx))
        {
            return false;
        }

        var right = RightHandSide(fx);
        var root = BigInteger.ModPow(right, SqrtExponent, P);
        if ((root * root % P) != right)
        {
            return false;
        }

        // The root is not zero (a point with y = 0 would have order two, and P-256's group has prime order), so its
        // negation p − root has the other parity.
        if (root.IsEven == oddY)
        {
            root = P - root;
        }

        y.Clear();
        root.TryWriteBytes(y[(32 - root.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        return true;
    }

    private static BigInteger RightHandSide(BigInteger x)
    {
        var value = ((((x * x) - 3) * x) + B) % P;
        return value.Sign < 0 ? value + P : value;
    }

    private static bool TryRead(ReadOnlySpan<byte> bytes, out BigInteger value)
    {
        value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return bytes.Length == 32 && value < P;
    }

    private static BigInteger Parse(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
