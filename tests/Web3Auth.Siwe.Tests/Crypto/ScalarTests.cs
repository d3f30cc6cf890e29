using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

public class ScalarTests
{
    private static readonly BigInteger[] EdgeValues =
    [
        0, 1, 2, N - 1, N - 2, HalfN, HalfN + 1, HalfN - 1, (BigInteger.One << 128) - 1, BigInteger.One << 128,
        (BigInteger.One << 255) - 1, BigInteger.One << 255, TwoPow256 - N, (BigInteger.One << 64) - 1,
        Parse("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72"),
    ];

    [Fact]
    public void Arithmetic_matches_big_integer_on_edge_and_random_values()
    {
        var random = new Random(6);
        var values = EdgeValues.Concat(Enumerable.Range(0, 150).Select(_ => FieldElementTests.RandomBelow(random, N))).ToArray();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                var x = ToScalar(a);
                var y = ToScalar(b);
                Assert.Equal(Mod(a * b, N), (x * y).ToBigInteger());
                Assert.Equal(Mod(a + b, N), (x + y).ToBigInteger());
            }

            Assert.Equal(Mod(-a, N), (-ToScalar(a)).ToBigInteger());
            Assert.Equal(a > HalfN, ToScalar(a).IsHigh);
            Assert.Equal(a.IsZero, ToScalar(a).IsZero);
        }
    }

    [Fact]
    public void Inversion_matches_the_extended_euclidean_algorithm()
    {
        var random = new Random(7);
        foreach (var a in EdgeValues.Concat(Enumerable.Range(0, 500).Select(_ => FieldElementTests.RandomBelow(random, N))))
        {
            Assert.Equal(Inverse(a, N), ToScalar(a).Invert().ToBigInteger());
        }
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", true)]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", false)]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142", false)]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03cbfd25e8cd0364140", false)]
    [InlineData("fffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffff", false)]
    [InlineData("fffffffffffffffffffffffffffffffdffffffffffffffffffffffffffffffff", true)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", false)]
    public void Parsing_rejects_values_not_below_the_group_order(string hex, bool accepted)
    {
        Assert.Equal(accepted, Scalar.TryFromBigEndian(Convert.FromHexString(hex), out var scalar));
        Assert.Equal(accepted ? Parse(hex) : 0, scalar.ToBigInteger());
        Assert.Equal(Mod(Parse(hex), N), Scalar.FromBigEndianReduced(Convert.FromHexString(hex)).ToBigInteger());
    }
}
