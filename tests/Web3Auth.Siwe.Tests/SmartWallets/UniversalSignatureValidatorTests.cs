namespace Web3Auth.Siwe.Tests.SmartWallets;

public class UniversalSignatureValidatorTests
{
    private static readonly EthereumAddress Signer = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private static string Word(string hex) => hex.PadLeft(64, '0');

    [Fact]
    public void The_call_data_is_the_creation_code_followed_by_the_constructor_arguments()
    {
        var hash = Enumerable.Repeat((byte)0x22, 32).ToArray();
        var code = UniversalSignatureValidator.GetCreationCode();

        var data = UniversalSignatureValidator.EncodeCall(Signer, hash, [0xaa, 0xbb]);

        Assert.Equal(code, data[..code.Length]);
        Assert.Equal(
            Word("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") + new string('2', 64) + Word("60") + Word("2") + "aabb".PadRight(64, '0'),
            Convert.ToHexStringLower(data.AsSpan(code.Length)));
    }

    [Fact]
    public void The_creation_code_is_paris_code_without_push0_at_the_start()
    {
        // 0x6080604052: PUSH1 0x80 PUSH1 0x40 MSTORE, the prologue of solc creation code. The EVM tests compile the
        // Solidity source and compare the whole constant with it.
        var code = UniversalSignatureValidator.GetCreationCode();

        Assert.StartsWith("6080604052", Convert.ToHexStringLower(code), StringComparison.Ordinal);
        Assert.NotSame(code, UniversalSignatureValidator.GetCreationCode());
    }

    [Theory]
    [InlineData("01", true, true)]
    [InlineData("00", true, false)]
    [InlineData("", false, false)]
    [InlineData("02", false, false)]
    [InlineData("0001", false, false)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", false, false)]
    public void Only_a_single_byte_zero_or_one_is_an_answer(string returnData, bool isAnswer, bool isValid)
    {
        Assert.Equal(isAnswer, UniversalSignatureValidator.TryDecodeResult(Convert.FromHexString(returnData), out var valid));
        Assert.Equal(isValid, valid);
    }
}
