using System.Text;
using Web3Auth.Siwe.Keys;

namespace Web3Auth.Siwe.Tests.Keys;

/// <summary>Bitcoin's base58 as multibase <c>z</c> uses it, against the IETF draft's examples and the leading-zero rule.</summary>
public class Base58BtcTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("0000", "11")]
    [InlineData("01", "2")]
    [InlineData("39", "z")] // 57, the last digit
    [InlineData("3a", "21")] // 58
    [InlineData("0000287fb4cd", "11233QC4")] // draft-msporny-base58, with two leading zero bytes
    [InlineData("00ff", "15Q")]
    public void Bytes_encode_to_the_expected_text_and_back(string hex, string text)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(text, Base58Btc.Encode(bytes));
        var decoded = new byte[bytes.Length];
        Assert.True(Base58Btc.TryDecode(text, decoded, out var written));
        Assert.Equal(bytes.Length, written);
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("Hello World!", "2NEpo7TZRRrLZSi2U")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z")]
    public void The_text_examples_of_the_draft_encode_as_published(string input, string expected)
    {
        Assert.Equal(expected, Base58Btc.Encode(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Random_bytes_with_leading_zeros_round_trip()
    {
        var random = new Random(58);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            bytes.AsSpan(0, random.Next(0, Math.Min(4, bytes.Length) + 1)).Clear();
            var text = Base58Btc.Encode(bytes);
            Assert.Equal(bytes.TakeWhile(b => b == 0).Count(), text.TakeWhile(c => c == '1').Count());

            var decoded = new byte[bytes.Length];
            Assert.True(Base58Btc.TryDecode(text, decoded, out var written), text);
            Assert.Equal(bytes, decoded[..written]);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("2+")]
    [InlineData(" 2")]
    [InlineData("2\n")]
    [InlineData("é")]
    public void Characters_outside_the_alphabet_are_refused(string text)
    {
        Assert.False(Base58Btc.TryDecode(text, new byte[8], out _));
    }

    [Theory]
    [InlineData("zz", 1)] // 3363 needs two bytes
    [InlineData("1112", 3)] // three zero bytes and a one
    public void A_value_that_does_not_fit_is_refused(string text, int room)
    {
        Assert.False(Base58Btc.TryDecode(text, new byte[room], out _));
        Assert.True(Base58Btc.TryDecode(text, new byte[room + 1], out var written));
        Assert.Equal(room + 1, written);
    }
}
