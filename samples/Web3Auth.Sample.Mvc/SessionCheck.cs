using Microsoft.AspNetCore.Authentication;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>Why the wallet scheme could not authenticate this request, for pages that do not require a session.</summary>
public static class SessionCheck
{
    /// <summary>
    /// Whether the request carried a session token that could not be checked because the session store is down.
    /// The scheme's result is cached per request, so asking again costs no second store lookup.
    /// </summary>
    public static async Task<bool> StoreWasUnavailableAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(Web3AuthDefaults.AuthenticationScheme);
        return result.Properties is { } properties &&
            properties.Items.TryGetValue(Web3AuthDefaults.AuthenticationErrorItem, out var error) &&
            error == Web3ErrorCodes.StoreUnavailable;
    }
}
