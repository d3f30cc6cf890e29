namespace Web3Auth.Siwe.Tests;

public class SiweNonceTests
{
    [Fact]
    public void Nonces_are_long_alphanumeric_and_unique()
    {
        var nonces = Enumerable.Range(0, 10_000).Select(_ => SiweNonce.Generate()).ToList();
        Assert.All(nonces, n => Assert.Matches("^[0-9A-Za-z]{20}$", n));
        Assert.Equal(nonces.Count, nonces.Distinct(StringComparer.Ordinal).Count());
        // 20 symbols from 62 letters: log2(62^20) ≈ 119 bits, comfortably above the 96-bit floor.
        Assert.True(SiweNonce.Length * Math.Log2(62) >= 96);
    }

    [Fact]
    public void Nonces_use_the_whole_alphabet()
    {
        var seen = new HashSet<char>(string.Concat(Enumerable.Range(0, 2_000).Select(_ => SiweNonce.Generate())));
        Assert.Equal(62, seen.Count);
    }
}
