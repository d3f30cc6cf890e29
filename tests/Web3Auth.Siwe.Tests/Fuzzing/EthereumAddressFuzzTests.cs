using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Fuzzing;

/// <summary>
/// The challenge endpoint parses the posted "address" with <see cref="EthereumAddress.TryParse(string?, out EthereumAddress)"/>,
/// and the message parser with <see cref="EthereumAddress.TryParseChecksummed"/>. Neither throws on mutated or random text,
/// and what they accept is exactly one of the address's spellings.
/// </summary>
public class EthereumAddressFuzzTests
{
    private const string AddressAlphabet = "0123456789abcdefABCDEFxXgG";

    private static readonly string[] s_seeds =
    [
        "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
        "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23",
        "0x2C7536E3605D9C16A7A3D7B1898E529396A65C23",
        "0x0000000000000000000000000000000000000000",
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
    ];

    private static void AssertTotal(string? text)
    {
        if (EthereumAddress.TryParse(text, out var address))
        {
            var checksummed = address.ToString();
            Assert.True(
                text == checksummed || text == "0x" + checksummed[2..].ToLowerInvariant() || text == "0x" + checksummed[2..].ToUpperInvariant(),
                "accepted a spelling that is neither the EIP-55 form nor all one case");
            Assert.Equal(address, EthereumAddress.Parse(checksummed));
        }
        else
        {
            Assert.Throws<FormatException>(() => EthereumAddress.Parse(text!));
        }

        if (EthereumAddress.TryParseChecksummed(text, out var strict))
        {
            Assert.Equal(text, strict.ToString());
        }
    }

    [Fact]
    public void Mutated_addresses_never_throw_and_are_accepted_only_in_a_valid_spelling()
    {
        var run = new FuzzRun(nameof(Mutated_addresses_never_throw_and_are_accepted_only_in_a_valid_spelling), 55);
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = FuzzInput.Mutate(run.Random, s_seeds[run.Random.Next(s_seeds.Length)], AddressAlphabet, maxEdits: 2);
            run.Case(i, text, () => AssertTotal(text));
            accepted += EthereumAddress.TryParse(text, out _) ? 1 : 0;
        }

        // A digit for a digit in a one-case spelling is another valid address: acceptance was exercised too.
        Assert.InRange(accepted, 1, 3999);
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var run = new FuzzRun(nameof(Random_text_never_throws), 42);
        for (var i = 0; i < 2000; i++)
        {
            var text = (i % 3) switch
            {
                0 => FuzzInput.RandomText(run.Random, 90),
                1 => "0x" + FuzzInput.FromAlphabet(run.Random, AddressAlphabet + FuzzInput.Awkward, 40),
                _ => FuzzInput.FromAlphabet(run.Random, AddressAlphabet, run.Random.Next(38, 46)),
            };
            run.Case(i, text, () => AssertTotal(text));
        }

        AssertTotal(null);
    }
}
