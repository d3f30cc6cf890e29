using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The session of one scheme that authenticated the request, for the endpoints. Asks the scheme (ASP.NET caches the
/// result per request, so the store is read once per request whatever the number of callers) and takes the session
/// from the ticket's properties, where the handler put it.
/// </summary>
internal static class CurrentWeb3Session
{
    public const string PropertiesKey = "web3:session";

    public static async Task<Web3Outcome<Web3Session>> AuthenticateAsync(HttpContext context, string scheme)
    {
        var result = await context.AuthenticateAsync(scheme).ConfigureAwait(false);
        string? error = null;
        result.Properties?.Items.TryGetValue(Web3SessionKeyHandler.ErrorItem, out error);
        switch (error)
        {
            case Web3ErrorCodes.StoreUnavailable:
                throw new Web3StoreUnavailableException("The session store is unavailable.");
            case Web3ErrorCodes.ChainUnavailable:
                var retryAfter = context.RequestServices.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(scheme).StoreRetryAfter;
                return Web3ProblemResult.ChainUnavailable(result.Failure?.Message ?? "The chain could not be reached. Retry later.", retryAfter);
        }

        var session = result.Succeeded ? result.Properties?.GetParameter<Web3Session>(PropertiesKey) : null;
        return session is not null
            ? session
            : Web3ProblemResult.Challenge(scheme, error ?? Web3ErrorCodes.InvalidToken, result.Failure?.Message ?? "This needs the current session's token.");
    }
}
