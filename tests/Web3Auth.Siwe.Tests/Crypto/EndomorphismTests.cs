using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

public class EndomorphismTests
{
    [Fact]
    public void Lambda_and_beta_are_matching_cube_roots_of_unity()
    {
        var lambda = Endomorphism.Lambda.ToBigInteger();
        var beta = Endomorphism.Beta.ToBigInteger();
        Assert.True(BigInteger.ModPow(lambda, 3, N).IsOne);
        Assert.True(BigInteger.ModPow(beta, 3, P).IsOne);

        // λ·G = (β·x, y): the pair belongs together (each has a second, conjugate choice).
        var lambdaG = Multiply(lambda, G);
        Assert.Equal((Mod(beta * G.X, P), G.Y), lambdaG);
    }

    [Fact]
    public void Split_halves_recombine_and_are_shorter_than_129_bits()
    {
        var random = new Random(8);
        var lambda = Endomorphism.Lambda.ToBigInteger();
        BigInteger[] edges = [0, 1, N - 1, HalfN, HalfN + 1, lambda, N - lambda, (BigInteger.One << 128) - 1, BigInteger.One << 255];
        foreach (var k in edges.Concat(Enumerable.Range(0, 3000).Select(_ => FieldElementTests.RandomBelow(random, N))))
        {
            Endomorphism.Split(ToScalar(k), out var k1, out var k2);
            Assert.Equal(k, Mod(k1.ToBigInteger() + (k2.ToBigInteger() * lambda), N));
            Assert.True(Magnitude(k1) < BigInteger.One << 128, $"k1 too long for k = {k:x}");
            Assert.True(Magnitude(k2) < BigInteger.One << 128, $"k2 too long for k = {k:x}");
        }
    }

    // A residue read as a signed number: negative when above n/2.
    private static BigInteger Magnitude(Scalar s) => s.IsHigh ? N - s.ToBigInteger() : s.ToBigInteger();
}
