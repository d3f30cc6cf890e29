using Microsoft.Extensions.Options;

namespace Web3Auth.Client;

/// <summary>Fails a misconfigured client when it is first used (or at start-up), naming the option and the fix.</summary>
internal sealed class Web3SessionKeyClientOptionsValidator : IValidateOptions<Web3SessionKeyClientOptions>
{
    public ValidateOptionsResult Validate(string? name, Web3SessionKeyClientOptions options)
    {
        var at = $"Web3SessionKeyClientOptions of the HttpClient '{name}'";
        var errors = new List<string>();
        if (options.RootSigner is null)
        {
            errors.Add($"{at}: RootSigner is required: the account the client signs in as, for example new Web3PrivateKeySigner(key).");
        }

        if (!Enum.IsDefined(options.KeyType))
        {
            errors.Add($"{at}: KeyType must be P256 or Secp256k1.");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment)))
        {
            errors.Add($"{at}: Endpoint must be an absolute http(s) URI without query or fragment, such as https://api.example.com/auth/web3/.");
        }

        if (options.SessionLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            errors.Add($"{at}: SessionLifetime must be positive, or null for the site's default.");
        }

        if (options.RenewBefore < TimeSpan.Zero)
        {
            errors.Add($"{at}: RenewBefore must not be negative.");
        }

        if (options.Permissions is { } permissions && permissions.Any(string.IsNullOrEmpty))
        {
            errors.Add($"{at}: Permissions must not contain null or empty names.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
