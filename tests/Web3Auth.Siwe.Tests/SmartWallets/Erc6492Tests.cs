using System.Buffers.Binary;

namespace Web3Auth.Siwe.Tests.SmartWallets;

public class Erc6492Tests
{
    private static readonly EthereumAddress Factory = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private const string Suffix = "6492649264926492649264926492649264926492649264926492649264926492";

    private static string Word(string hex) => hex.PadLeft(64, '0');

    [Fact]
    public void The_magic_suffix_is_the_one_of_the_eip()
    {
        Assert.Equal(Suffix, Convert.ToHexStringLower(Erc6492.MagicSuffix));
    }

    [Fact]
    public void A_wrapper_is_abi_encode_of_factory_calldata_and_signature_followed_by_the_suffix()
    {
        var wrapped = Erc6492.Wrap(Factory, [0xde, 0xad], [0xaa, 0xbb, 0xcc]);

        Assert.Equal(
            Word("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") + Word("60") + Word("a0")
            + Word("2") + "dead".PadRight(64, '0')
            + Word("3") + "aabbcc".PadRight(64, '0')
            + Suffix,
            Convert.ToHexStringLower(wrapped));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(68, 65)]
    [InlineData(32, 130)]
    [InlineData(1000, 1)]
    public void A_wrapped_signature_unwraps_to_its_parts(int calldataLength, int signatureLength)
    {
        var calldata = Enumerable.Range(0, calldataLength).Select(i => (byte)(i * 7)).ToArray();
        var signature = Enumerable.Range(0, signatureLength).Select(i => (byte)(i * 13)).ToArray();

        var wrapped = Erc6492.Wrap(Factory, calldata, signature);

        Assert.True(Erc6492.HasMagicSuffix(wrapped));
        Assert.True(Erc6492.TryUnwrap(wrapped, out var parts));
        Assert.Equal(Factory, parts.Factory);
        Assert.Equal(calldata, parts.FactoryCalldata);
        Assert.Equal(signature, parts.Signature);
    }

    [Fact]
    public void An_ecdsa_signature_never_has_the_suffix()
    {
        // The suffix ends in 0x92, which is no ECDSA v; and a 65-byte signature is shorter than any wrapper.
        var signature = new byte[65];
        Erc6492.MagicSuffix.CopyTo(signature.AsSpan(33));

        Assert.True(Erc6492.HasMagicSuffix(signature));
        Assert.False(Erc6492.TryUnwrap(signature, out _));
        Assert.False(Erc6492.HasMagicSuffix(new byte[65]));
        Assert.False(Erc6492.HasMagicSuffix(Erc6492.MagicSuffix[1..]));
    }

    public static TheoryData<string, Func<byte[], byte[]>> Malformations => new()
    {
        { "no suffix", w => w[..^32] },
        { "only the suffix", _ => Erc6492.MagicSuffix.ToArray() },
        { "a head shorter than three words", w => [.. w.AsSpan(0, 64), .. Erc6492.MagicSuffix] },
        { "an address with high bytes set", w => Patch(w, 0, 0x01) },
        { "a calldata offset past the end", w => PatchWord(w, 32, 0x10000) },
        { "a signature offset past the end", w => PatchWord(w, 64, 0x10000) },
        { "an offset that does not fit 32 bits", w => Patch(w, 32 + 20, 0x01) },
        { "a calldata length past the end", w => PatchWord(w, 96, 0x10000) },
        { "a signature length past the end", w => PatchWord(w, 96 + 64, 0x10000) },
        { "a length of 2^256 - 1", w => Fill(w, 96 + 64, 0xff) },
        { "a truncated signature", w => [.. w.AsSpan(0, w.Length - 64), .. Erc6492.MagicSuffix] },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void A_malformed_wrapper_does_not_unwrap(string malformation, Func<byte[], byte[]> change)
    {
        var wrapped = change(Erc6492.Wrap(Factory, [0xde, 0xad], [0xaa, 0xbb, 0xcc]));

        Assert.False(Erc6492.TryUnwrap(wrapped, out _), malformation);
    }

    [Fact]
    public void Random_mutations_of_a_wrapper_never_throw()
    {
        var seed = Environment.GetEnvironmentVariable("SIWE_TEST_SEED") is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        var original = Erc6492.Wrap(Factory, new byte[68], new byte[65]);
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                // Mostly the head and length words, where the offsets live; the suffix is kept so decoding is reached.
                mutated[random.Next(mutated.Length - 32)] = (byte)random.Next(256);
            }

            var exception = Record.Exception(() => Erc6492.TryUnwrap(mutated, out _));
            Assert.True(exception is null, $"seed {seed}, iteration {i}: {exception}");
        }
    }

    private static byte[] Patch(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] PatchWord(byte[] bytes, int at, uint value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at + 28), value);
        return copy;
    }

    private static byte[] Fill(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy.AsSpan(at, 32).Fill(value);
        return copy;
    }
}
