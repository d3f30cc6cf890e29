using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

public class JacobianPointTests
{
    private static readonly JacobianPoint G1 = JacobianPoint.FromAffine(AffinePoint.Generator);

    [Fact]
    public void Generator_is_on_the_curve()
    {
        Assert.True(AffinePoint.Generator.IsOnCurve);
        Assert.Equal(G, ToReference(G1));
    }

    [Fact]
    public void Doubling_and_addition_match_the_affine_formulas()
    {
        var twoG = JacobianPoint.Double(G1);
        var threeG = JacobianPoint.Add(twoG, AffinePoint.Generator);
        var fiveG = JacobianPoint.Add(threeG, twoG);
        Assert.Equal(Multiply(2, G), ToReference(twoG));
        Assert.Equal(Multiply(3, G), ToReference(threeG));
        Assert.Equal(Multiply(5, G), ToReference(fiveG));
    }

    [Fact]
    public void Adding_a_point_to_itself_doubles_it_and_to_its_negation_gives_infinity()
    {
        var twoG = JacobianPoint.Double(G1);
        var fourG = JacobianPoint.Double(twoG);
        Assert.Equal(ToReference(fourG), ToReference(JacobianPoint.Add(twoG, twoG)));
        Assert.Equal(ToReference(twoG), ToReference(JacobianPoint.Add(G1, AffinePoint.Generator)));
        Assert.True(JacobianPoint.Add(twoG, -twoG).IsInfinity);
        Assert.True(JacobianPoint.Add(G1, -AffinePoint.Generator).IsInfinity);
        Assert.Equal(ToReference(twoG), ToReference(JacobianPoint.Add(JacobianPoint.Infinity, twoG)));
        Assert.Equal(ToReference(twoG), ToReference(JacobianPoint.Add(twoG, JacobianPoint.Infinity)));
        Assert.Equal(G, ToReference(JacobianPoint.Add(JacobianPoint.Infinity, AffinePoint.Generator)));
        Assert.True(JacobianPoint.Double(JacobianPoint.Infinity).IsInfinity);
    }

    [Fact]
    public void Generator_tables_hold_the_odd_multiples_of_g_and_of_2_pow_128_g()
    {
        var twoPow128 = BigInteger.One << 128;
        int[] indexes = [0, 1, 2, GeneratorTable.Low.Length - 1];
        foreach (var i in indexes)
        {
            var multiple = (2 * i) + 1;
            Assert.Equal(Multiply(multiple, G), ToReference(GeneratorTable.Low[i]));
            Assert.Equal(Multiply(multiple * twoPow128, G), ToReference(GeneratorTable.High[i]));
        }

        Assert.All(GeneratorTable.Low, p => Assert.True(p.IsOnCurve));
        Assert.All(GeneratorTable.High, p => Assert.True(p.IsOnCurve));
    }

    [Fact]
    public void Double_scalar_multiplication_matches_the_reference()
    {
        // With P = c·G, a·G + b·P = (a + b·c)·G: one reference multiplication per case keeps the test quick.
        var random = new Random(9);
        var c = FieldElementTests.RandomBelow(random, N);
        var point = Multiply(c, G)!.Value;
        var affine = new AffinePoint(ToFieldElement(point.X), ToFieldElement(point.Y));
        BigInteger[] edges = [0, 1, N - 1, HalfN, HalfN + 1, BigInteger.One << 128, (BigInteger.One << 128) - 1];
        var scalars = edges.Concat(Enumerable.Range(0, 5).Select(_ => FieldElementTests.RandomBelow(random, N))).ToArray();
        foreach (var a in scalars)
        {
            foreach (var b in new[] { edges[random.Next(edges.Length)], FieldElementTests.RandomBelow(random, N) })
            {
                var expected = Multiply(a + (b * c), G);
                var actual = DoubleScalarMultiplication.Compute(ToScalar(a), affine, ToScalar(b));
                Assert.Equal(expected, actual.IsInfinity ? null : ToReference(actual));
            }
        }

        // a·G + b·P with P = G and b = −a cancels exactly.
        var k = FieldElementTests.RandomBelow(random, N);
        Assert.True(DoubleScalarMultiplication.Compute(ToScalar(k), AffinePoint.Generator, ToScalar(N - k)).IsInfinity);
    }

    private static (BigInteger X, BigInteger Y) ToReference(in JacobianPoint p) => ToReference(p.ToAffine());

    private static (BigInteger X, BigInteger Y) ToReference(in AffinePoint p) =>
        (p.X.Normalize().ToBigInteger(), p.Y.Normalize().ToBigInteger());
}
