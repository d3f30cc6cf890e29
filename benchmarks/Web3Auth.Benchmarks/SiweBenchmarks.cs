using BenchmarkDotNet.Attributes;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.Benchmarks;

/// <summary>
/// The sign-in message as our login endpoint issues it (statement with the ReCap sentence, ReCap resource, expiry):
/// parsing alone, and the whole verification a login does before touching the store — parse, check the claims,
/// decode and recover the signature, compare the signer and the text with what was issued. No I/O.
/// </summary>
[BenchmarkCategory("Siwe")]
public class SiweBenchmarks
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private string _issued = "";
    private string _presented = "";
    private string _signature = "";
    private EthereumAddress _address;
    private SiweValidationParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        var wallet = TestWallet.FromSeed(3);
        var now = DateTimeOffset.UtcNow;
        const string uri = "https://app.example.com";
        var recap = ReCap.ForAbilities(uri, ["profile/read", "profile/write", "notes/read", "notes/write"]);
        _issued = new SiweMessageBuilder
        {
            Domain = "app.example.com",
            Address = wallet.Address.ToString(),
            Statement = ReCapStatement.Combine("Sign in to Example.", recap),
            Uri = uri,
            ChainId = 1,
            Nonce = SiweNonce.Generate(),
            IssuedAt = SiweTimestamp.FromDateTimeOffset(now).Text,
            ExpirationTime = SiweTimestamp.FromDateTimeOffset(now.AddDays(1)).Text,
            Resources = [recap.ToResourceUri()],
        }.ToMessage();
        _presented = new string(_issued.AsSpan()); // what arrives is another string with the same text
        _signature = wallet.SignPersonalMessage(_issued);
        _address = wallet.Address;
        _parameters = new SiweValidationParameters
        {
            ExpectedDomain = "app.example.com",
            ExpectedScheme = "https",
            ExpectedUriOrigin = uri,
            AllowedChainIds = new HashSet<ulong> { 1 },
        };

        if (ParseMessage() is null || !VerifyLogin())
        {
            throw new InvalidOperationException("The benchmark message does not verify.");
        }
    }

    [Benchmark]
    public SiweMessage? ParseMessage() => SiweMessage.TryParse(_presented, out var message, out _) ? message : null;

    [Benchmark]
    public bool VerifyLogin()
    {
        if (!SiweMessage.TryParse(_presented, out var message, out _))
        {
            return false;
        }

        var result = SiweMessageValidator.Validate(message, _signature, _parameters, Clock);
        return result.IsValid && message.Address == _address && string.Equals(message.ToString(), _issued, StringComparison.Ordinal);
    }
}
