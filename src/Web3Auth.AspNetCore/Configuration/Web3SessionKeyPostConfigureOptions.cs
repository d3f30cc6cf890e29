using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore;

/// <summary>Fills the defaults that derive from other options.</summary>
internal sealed class Web3SessionKeyPostConfigureOptions : IPostConfigureOptions<Web3SessionKeyOptions>
{
    public void PostConfigure(string? name, Web3SessionKeyOptions options)
    {
        if (options.AllowedChainIds.Count == 0)
        {
            options.AllowedChainIds.Add(1);
        }

        if (string.IsNullOrEmpty(options.Uri) && !string.IsNullOrEmpty(options.Domain))
        {
            options.Uri = "https://" + options.Domain;
        }

        options.SessionCookie.Name ??= Web3AuthDefaults.CookieName;
    }
}
