using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

public class FieldElementTests
{
    // Values where carries, borrows and the 2^256 ≡ 2^32 + 977 folds happen: around 0, p and 2^256 (limbs may hold
    // weakly reduced values in [p, 2^256)), single limbs full, and the fold constant itself.
    private static readonly BigInteger[] EdgeValues =
    [
        0, 1, 2, 977, (BigInteger.One << 32) + 977,
        P - 2, P - 1, P, P + 1, TwoPow256 - 2, TwoPow256 - 1,
        (BigInteger.One << 64) - 1, BigInteger.One << 64, (BigInteger.One << 128) - 1, (BigInteger.One << 192) - 1,
        BigInteger.One << 255, (BigInteger.One << 255) - 1, P - ((BigInteger.One << 32) + 977),
        Parse("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee"),
    ];

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Fact]
    public void Arithmetic_matches_big_integer_on_every_pair_of_edge_values()
    {
        foreach (var a in EdgeValues)
        {
            foreach (var b in EdgeValues)
            {
                AssertArithmetic(a, b);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Arithmetic_matches_big_integer_on_random_values(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2000; i++)
        {
            AssertArithmetic(RandomBelow(random, TwoPow256), RandomBelow(random, TwoPow256));
        }
    }

    [Fact]
    public void Multiplication_survives_a_reduction_that_carries_out_of_the_second_limb()
    {
        // With a = 2^192, the product is b·2^192, which lets us steer the first fold to leave limb 1 all ones and a
        // nonzero fifth limb, so folding that limb carries through limb 1 (a path random inputs never reach).
        var rInverse = InverseMod2Pow64(0x1000003D1);
        var b1 = unchecked(ulong.MaxValue * rInverse);        // low(b1·R) = 2^64 − 1
        var highB1 = (ulong)(((BigInteger)b1 * 0x1000003D1) >> 64);
        var b2 = unchecked((ulong.MaxValue - highB1) * rInverse); // low(b2·R) completes limb 1 to all ones
        var b = ToBigInteger(ulong.MaxValue, b1, b2, ulong.MaxValue);
        AssertArithmetic(BigInteger.One << 192, b);
        AssertArithmetic(BigInteger.One << 192, b - 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(29)]
    public void Shifting_left_multiplies_by_a_power_of_two(int bits)
    {
        var random = new Random(bits);
        foreach (var a in EdgeValues.Concat(Enumerable.Range(0, 200).Select(_ => RandomBelow(random, TwoPow256))))
        {
            Assert.Equal(Mod(a << bits, P), ToFieldElement(a).ShiftLeft(bits).Normalize().ToBigInteger());
        }
    }

    [Fact]
    public void Inversion_matches_the_extended_euclidean_algorithm()
    {
        var random = new Random(4);
        foreach (var a in EdgeValues.Concat(Enumerable.Range(0, 300).Select(_ => RandomBelow(random, TwoPow256))))
        {
            var expected = Inverse(Mod(a, P), P); // 0 for 0
            Assert.Equal(expected, ToFieldElement(a).Invert().ToBigInteger());
        }
    }

    [Fact]
    public void Square_root_is_found_exactly_for_quadratic_residues()
    {
        var random = new Random(5);
        foreach (var a in EdgeValues.Concat(Enumerable.Range(0, 300).Select(_ => RandomBelow(random, TwoPow256))))
        {
            var value = Mod(a, P);
            var isResidue = value.IsZero || BigInteger.ModPow(value, (P - 1) / 2, P).IsOne;
            Assert.Equal(isResidue, ToFieldElement(a).TrySqrt(out var root));
            if (isResidue)
            {
                Assert.Equal(value, Mod(BigInteger.Pow(root.ToBigInteger(), 2), P));
            }
        }
    }

    [Fact]
    public void Bytes_round_trip_in_canonical_form()
    {
        foreach (var a in EdgeValues)
        {
            var bytes = new byte[32];
            ToFieldElement(a).WriteBigEndian(bytes);
            Assert.Equal(Mod(a, P), FromBytes(bytes));
        }
    }

    private static void AssertArithmetic(BigInteger a, BigInteger b)
    {
        var x = ToFieldElement(a);
        var y = ToFieldElement(b);
        var context = $"a = {a:x}, b = {b:x}";
        AssertField(a + b, x + y, context);
        AssertField(a - b, x - y, context);
        AssertField(-a, -x, context);
        AssertField(a * b, x * y, context);
        AssertField(a * a, x.Square(), context);
        Assert.True(Mod(a, P).IsZero == x.IsZero, context);
        Assert.True(Mod(a, P) == Mod(b, P) == x.Equals(y), context);
        Assert.True(Mod(a, P).IsEven != x.IsOdd, context);
    }

    // Every result must be below 2^256 (a valid weakly reduced representation) and congruent mod p.
    private static void AssertField(BigInteger expected, FieldElement actual, string context)
    {
        var value = actual.ToBigInteger();
        Assert.True(value < TwoPow256, context);
        Assert.True(Mod(expected, P) == Mod(value, P), $"{context}: expected {Mod(expected, P):x}, got {value:x}");
        Assert.Equal(Mod(expected, P), actual.Normalize().ToBigInteger());
    }

    private static ulong InverseMod2Pow64(ulong odd)
    {
        var inverse = odd;
        for (var i = 0; i < 6; i++)
        {
            inverse = unchecked(inverse * (2 - (odd * inverse)));
        }

        return inverse;
    }

    internal static BigInteger RandomBelow(Random random, BigInteger bound)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);

        // Bias towards limbs of all zeros or all ones, where carries misbehave.
        for (var limb = 0; limb < 4; limb++)
        {
            switch (random.Next(8))
            {
                case 0: bytes.AsSpan(limb * 8, 8).Clear(); break;
                case 1: bytes.AsSpan(limb * 8, 8).Fill(0xFF); break;
            }
        }

        return Mod(FromBytes(bytes), bound);
    }
}
