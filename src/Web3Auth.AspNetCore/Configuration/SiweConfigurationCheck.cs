using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Checks configured values with exactly the rules of the EIP-4361 builder, by building a trial message: a value
/// accepted at start-up can never fail when a sign-in message is built.
/// </summary>
internal static class SiweConfigurationCheck
{
    public static string? DomainError(string domain) => Check(b => b.Domain = domain);

    public static string? UriError(string uri) => Check(b => b.Uri = uri);

    public static string? StatementError(string statement) => Check(b => b.Statement = statement);

    private static string? Check(Action<SiweMessageBuilder> set)
    {
        var builder = new SiweMessageBuilder
        {
            Domain = "example.com",
            Address = EthereumAddress.Zero.ToString(),
            Uri = "https://example.com",
            ChainId = 1,
            Nonce = "checkonly",
            IssuedAt = "2020-01-01T00:00:00Z",
        };
        set(builder);
        return builder.TryBuild(out _, out var error) ? null : error.Description;
    }
}
