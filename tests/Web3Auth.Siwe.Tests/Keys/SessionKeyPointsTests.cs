using System.Numerics;
using System.Security.Cryptography;
using Web3Auth.Siwe.Keys;
using Web3Auth.Testing;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;
using K256 = Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;
using P256 = Web3Auth.Siwe.Tests.Keys.P256Reference;

namespace Web3Auth.Siwe.Tests.Keys;

/// <summary>
/// Which coordinates <see cref="SessionKeyPoints.IsOnCurve"/> takes for a key, on both curves: real keys from .NET
/// (P-256) and libsecp256k1 (secp256k1) in, everything else out.
/// </summary>
public class SessionKeyPointsTests
{
    private const int Seed = 9449;

    [Fact]
    public void The_generators_are_on_their_own_curves_only()
    {
        Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, ToBytes32(P256.G.X), ToBytes32(P256.G.Y)));
        Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(K256.G.X), ToBytes32(K256.G.Y)));
        Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(P256.G.X), ToBytes32(P256.G.Y)));
        Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, ToBytes32(K256.G.X), ToBytes32(K256.G.Y)));
    }

    [Fact]
    public void Random_P256_keys_from_dotnet_are_on_the_curve_and_a_changed_y_is_not()
    {
        for (var i = 0; i < 1_000; i++)
        {
            using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var q = key.ExportParameters(includePrivateParameters: false).Q;
            Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, q.X, q.Y), $"iteration {i}");
            Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, q.X, q.Y), $"iteration {i}");
            q.Y![31] ^= 1;
            Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, q.X, q.Y), $"iteration {i}");
        }
    }

    [Fact]
    public void Random_secp256k1_keys_from_libsecp256k1_are_on_the_curve_and_a_changed_y_is_not()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 1_000; i++)
        {
            var publicKey = library.CreatePublicKey(SecretKey(random, library));
            Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, publicKey.AsSpan(0, 32), publicKey.AsSpan(32)), $"Seed {Seed}, iteration {i}");
            Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, publicKey.AsSpan(0, 32), publicKey.AsSpan(32)), $"Seed {Seed}, iteration {i}");
            publicKey[63] ^= 1;
            Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, publicKey.AsSpan(0, 32), publicKey.AsSpan(32)), $"Seed {Seed}, iteration {i}");
            Assert.False(library.IsValidPublicKey(publicKey));
        }
    }

    [Fact]
    public void A_P256_x_coordinate_plus_p_is_refused_although_it_is_the_same_residue()
    {
        // 2^256 − p is about 2^224 for P-256, so a point with a small x has a second 32-byte spelling x + p.
        var x = BigInteger.One;
        BigInteger y;
        while (!P256.TryY(x, out y))
        {
            x++;
        }

        Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, ToBytes32(x), ToBytes32(y)));

        // .NET (OpenSSL) agrees that the reduced point is a key: importing it validates it.
        using var imported = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = ToBytes32(x), Y = ToBytes32(y) },
        });
        Assert.Equal(ToBytes32(y), imported.ExportParameters(includePrivateParameters: false).Q.Y);
        Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.P256, ToBytes32(x + P256.P), ToBytes32(y)));
    }

    [Fact]
    public void A_secp256k1_coordinate_plus_p_is_refused_although_it_is_the_same_residue()
    {
        // 2^256 − p = 2^32 + 977, so this needs points with a tiny coordinate: the first x with x³ + 7 a square, and
        // y = 1 (x is a cube root of −6, which p ≡ 7 mod 9 gives as a^((p+2)/9)).
        var x = BigInteger.One;
        BigInteger y;
        while (!TrySecp256k1Y(x, out y))
        {
            x++;
        }

        Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(x), ToBytes32(y)));
        Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(x + K256.P), ToBytes32(y)));

        var a = K256.P - 6;
        var cubeRoot = BigInteger.ModPow(a, (K256.P + 2) / 9, K256.P);
        Assert.Equal(a, BigInteger.ModPow(cubeRoot, 3, K256.P));
        Assert.True(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(cubeRoot), ToBytes32(1)));
        Assert.False(SessionKeyPoints.IsOnCurve(SessionKeyCurve.Secp256k1, ToBytes32(cubeRoot), ToBytes32(1 + K256.P)));
    }

    [Theory]
    [InlineData(SessionKeyCurve.P256)]
    [InlineData(SessionKeyCurve.Secp256k1)]
    public void Coordinates_of_p_and_above_and_the_origin_are_refused(SessionKeyCurve curve)
    {
        var (p, gx, gy) = curve == SessionKeyCurve.P256 ? (P256.P, P256.G.X, P256.G.Y) : (K256.P, K256.G.X, K256.G.Y);
        var max = TwoPow256 - 1;
        Assert.False(SessionKeyPoints.IsOnCurve(curve, ToBytes32(p), ToBytes32(gy)));
        Assert.False(SessionKeyPoints.IsOnCurve(curve, ToBytes32(gx), ToBytes32(p)));
        Assert.False(SessionKeyPoints.IsOnCurve(curve, ToBytes32(max), ToBytes32(max)));
        Assert.False(SessionKeyPoints.IsOnCurve(curve, new byte[32], new byte[32]));
    }

    [Theory]
    [InlineData(SessionKeyCurve.P256, 31, 32)]
    [InlineData(SessionKeyCurve.P256, 32, 33)]
    [InlineData(SessionKeyCurve.P256, 0, 0)]
    [InlineData(SessionKeyCurve.Secp256k1, 33, 32)]
    [InlineData(SessionKeyCurve.Secp256k1, 32, 31)]
    [InlineData(SessionKeyCurve.Secp256k1, 0, 0)]
    public void Coordinates_of_other_lengths_are_refused(SessionKeyCurve curve, int xLength, int yLength)
    {
        // A leading zero byte more or less is still the same number: length is part of the encoding.
        var (gx, gy) = curve == SessionKeyCurve.P256 ? (P256.G.X, P256.G.Y) : (K256.G.X, K256.G.Y);
        Assert.False(SessionKeyPoints.IsOnCurve(curve, Padded(gx, xLength), Padded(gy, yLength)));
    }

    [Fact]
    public void An_undefined_curve_is_a_caller_bug_and_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionKeyPoints.IsOnCurve((SessionKeyCurve)2, new byte[32], new byte[32]));
    }

    private static bool TrySecp256k1Y(BigInteger x, out BigInteger y)
    {
        var right = Mod((x * x * x) + 7, K256.P);
        y = BigInteger.ModPow(right, (K256.P + 1) / 4, K256.P);
        return Mod(y * y, K256.P) == right;
    }

    // The value in exactly length bytes: zero bytes in front when longer, its low bytes when shorter.
    private static byte[] Padded(BigInteger value, int length)
    {
        var bytes = ToBytes32(value);
        return length >= 32 ? [.. new byte[length - 32], .. bytes] : bytes[(32 - length)..];
    }

    internal static byte[] SecretKey(Random random, Libsecp256k1 library)
    {
        var key = new byte[32];
        do
        {
            random.NextBytes(key);
        }
        while (!library.IsValidSecretKey(key));

        return key;
    }
}
