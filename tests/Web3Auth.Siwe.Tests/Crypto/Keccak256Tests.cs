using System.Text;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe.Tests.Crypto;

public class Keccak256Tests
{
    // Published Keccak-256 digests (the Keccak team's test vectors, as used by Ethereum clients).
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "45d3b367a6904e6e8d502ee04999a7c27647f91fa845d456525fd352ae3d7371")]
    [InlineData("testing", "5f16f4c7f149ac4f9510d9cf8cf384038ad348b3bcdc01915f95de12df9d1b02")]
    public void Hash_matches_published_digest(string input, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Keccak256.Hash(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public void Hash_of_a_million_a_matches_published_digest()
    {
        // Crosses many 136-byte blocks, exercising the absorb loop and a partial final block.
        var input = Enumerable.Repeat((byte)'a', 1_000_000).ToArray();
        Assert.Equal("fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96", Convert.ToHexStringLower(Keccak256.Hash(input)));
    }

    [Theory]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    public void Hash_is_not_sha3_256_at_block_boundaries(int length)
    {
        // Same sponge, different padding: the digests must differ, and ours must be stable across calls.
        var input = new byte[length];
        var first = Keccak256.Hash(input);
        Assert.Equal(first, Keccak256.Hash(input));
        if (System.Security.Cryptography.SHA3_256.IsSupported)
        {
            Assert.NotEqual(System.Security.Cryptography.SHA3_256.HashData(input), first);
        }
    }

    [Fact]
    public void Hash_rejects_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
    }
}
