namespace Web3Auth.Siwe.Tests.SmartWallets;

public class Erc1271Tests
{
    private static readonly byte[] Hash = Enumerable.Repeat((byte)0x11, 32).ToArray();

    private static string Word(string hex) => hex.PadLeft(64, '0');

    [Fact]
    public void The_magic_value_is_the_selector_of_isValidSignature_bytes32_bytes()
    {
        var selector = Web3Auth.Siwe.Crypto.Keccak256.Hash("isValidSignature(bytes32,bytes)"u8)[..4];

        Assert.Equal("1626ba7e", Convert.ToHexStringLower(selector));
        Assert.Equal(selector, Erc1271.MagicValue.ToArray());
    }

    [Fact]
    public void The_calldata_is_the_selector_the_hash_the_offset_the_length_and_the_padded_signature()
    {
        var calldata = Erc1271.EncodeIsValidSignatureCall(Hash, [0xaa, 0xbb, 0xcc]);

        Assert.Equal(
            "1626ba7e" + new string('1', 64) + Word("40") + Word("3") + "aabbcc".PadRight(64, '0'),
            Convert.ToHexStringLower(calldata));
    }

    [Theory]
    [InlineData(0, 4 + 32 + 32 + 32)]
    [InlineData(32, 4 + 32 + 32 + 32 + 32)]
    [InlineData(65, 4 + 32 + 32 + 32 + 96)]
    [InlineData(130, 4 + 32 + 32 + 32 + 160)] // a two-owner Safe signature
    [InlineData(1000, 4 + 32 + 32 + 32 + 1024)]
    public void Signatures_of_any_length_are_encoded_and_padded_to_whole_words(int length, int expectedSize)
    {
        var signature = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();

        var calldata = Erc1271.EncodeIsValidSignatureCall(Hash, signature);

        Assert.Equal(expectedSize, calldata.Length);
        Assert.Equal(length, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(calldata.AsSpan(4 + 64 + 28, 4)));
        Assert.Equal(signature, calldata.AsSpan(4 + 96, length).ToArray());
        Assert.All(calldata.AsSpan(4 + 96 + length).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_hash_that_is_not_32_bytes_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Erc1271.EncodeIsValidSignatureCall(new byte[31], []));
    }

    [Theory]
    [InlineData("1626ba7e00000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("1626ba7e00000000000000000000000000000000000000000000000000000000ffff", true)] // extra data after the word, as Solidity decoders allow
    [InlineData("ffffffff00000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("1626ba7e00000000000000000000000000000000000000000000000000000001", false)] // dirty padding
    [InlineData("1626ba7e", false)] // not ABI-encoded
    [InlineData("", false)]
    [InlineData("000000000000000000000000000000000000000000000000000000001626ba7e", false)] // right-aligned: a uint, not bytes4
    public void Only_the_abi_encoded_magic_value_means_valid(string returnData, bool valid)
    {
        Assert.Equal(valid, Erc1271.IsValidSignatureResult(Convert.FromHexString(returnData)));
    }
}
