using System.Numerics;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Keys;

/// <summary>NIST P-256's constants (FIPS 186-4, D.1.2.3) and its curve equation in plain <see cref="BigInteger"/>s.</summary>
internal static class P256Reference
{
    public static readonly BigInteger P = Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    public static readonly BigInteger B = Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    public static readonly (BigInteger X, BigInteger Y) G = (
        Parse("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
        Parse("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"));

    /// <summary>A y with y² = x³ − 3x + b, if there is one.</summary>
    public static bool TryY(BigInteger x, out BigInteger y)
    {
        var right = Mod((x * x * x) - (3 * x) + B, P);
        y = BigInteger.ModPow(right, (P + 1) / 4, P);
        return Mod(y * y, P) == right;
    }
}
