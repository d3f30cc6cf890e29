using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

public class WnafTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void Digits_are_odd_sparse_bounded_and_sum_to_the_value(int width)
    {
        var random = new Random(width);
        BigInteger[] edges = [0, 1, 2, 3, TwoPow256 - 1, BigInteger.One << 255, (BigInteger.One << 128) - 1, BigInteger.One << 128, N - 1];
        foreach (var value in edges.Concat(Enumerable.Range(0, 500).Select(_ => FieldElementTests.RandomBelow(random, TwoPow256))))
        {
            var digits = new int[Wnaf.MaxLength];
            var bytes = ToBytes32(value);
            var limbs = FieldElement.FromBigEndian(bytes);
            var length = Wnaf.Compute(digits, limbs.N0, limbs.N1, limbs.N2, limbs.N3, width);

            var sum = BigInteger.Zero;
            var zerosRequired = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                var digit = digits[i];
                if (digit == 0)
                {
                    zerosRequired--;
                    continue;
                }

                Assert.True(i < length, "a nonzero digit beyond the reported length");
                Assert.True((digit & 1) == 1, "even digit");
                Assert.True(Math.Abs(digit) < 1 << (width - 1), "digit outside the window");
                Assert.True(zerosRequired <= 0, "nonzero digits closer than the window");
                zerosRequired = width - 1;
                sum += (BigInteger)digit << i;
            }

            Assert.Equal(value, sum);
            Assert.True(length == 0 || digits[length - 1] != 0);
        }
    }
}
