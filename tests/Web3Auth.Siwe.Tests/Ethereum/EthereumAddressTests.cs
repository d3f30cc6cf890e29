namespace Web3Auth.Siwe.Tests.Ethereum;

public class EthereumAddressTests
{
    // The examples listed in EIP-55 itself.
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Eip55_examples_print_back_exactly(string checksummed)
    {
        Assert.True(EthereumAddress.TryParseChecksummed(checksummed, out var address));
        Assert.Equal(checksummed, address.ToString());
    }

    [Fact]
    public void Checksums_match_the_ethers_wallet_library()
    {
        foreach (var vector in WalletVectors.Section("checksums"))
        {
            Assert.True(EthereumAddress.TryParse(vector.Text("lowercase"), out var address));
            Assert.Equal(vector.Text("checksummed"), address.ToString());
            Assert.True(EthereumAddress.TryParseChecksummed(vector.Text("checksummed"), out _));
        }
    }

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    public void Any_single_case_or_correct_checksum_parses_to_the_same_address(string text)
    {
        Assert.True(EthereumAddress.TryParse(text, out var address));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", address.ToString());
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", address.ToLowercaseString());
    }

    [Theory]
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // one letter flipped
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")]
    public void A_wrong_mixed_case_checksum_is_rejected(string text)
    {
        Assert.False(EthereumAddress.TryParse(text, out _));
        Assert.False(EthereumAddress.TryParseChecksummed(text, out _));
        Assert.Throws<FormatException>(() => EthereumAddress.Parse(text));
    }

    [Theory]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")]
    public void Strict_parsing_requires_the_checksum_form(string text)
    {
        Assert.False(EthereumAddress.TryParseChecksummed(text, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed0")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")]
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    public void Malformed_text_is_rejected_without_throwing(string? text)
    {
        Assert.False(EthereumAddress.TryParse(text, out var address));
        Assert.True(address.IsZero);
    }

    [Fact]
    public void Equality_is_by_value_and_bytes_round_trip()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var a = new EthereumAddress(bytes);
        var b = EthereumAddress.Parse(a.ToLowercaseString());
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(bytes, b.ToArray());
        Assert.NotEqual(EthereumAddress.Zero, a);
        Assert.Throws<ArgumentException>(() => new EthereumAddress(new byte[19]));
    }
}
