using Microsoft.AspNetCore.Http.Extensions;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// The scheme answers an unauthenticated request with a 401 problem+json, which is right for the JSON API. A page a
/// person opened is better served by the sign-in page: this challenge handler redirects page requests there and
/// leaves API and sign-in endpoints untouched.
/// </summary>
public static class PageSignInRedirect
{
    /// <summary>The path of the sign-in page.</summary>
    public const string SignInPath = "/";

    /// <summary>An <see cref="Web3SessionKeyEvents.OnChallenge"/> handler.</summary>
    public static Task OnChallenge(Web3ChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;

        // A store outage is not a sign-out: let the scheme answer 503 with Retry-After, so nobody loses a session
        // to a blip.
        if (!IsPageRequest(request) || context.Error == Web3ErrorCodes.StoreUnavailable)
        {
            return Task.CompletedTask;
        }

        var returnUrl = UriHelper.BuildRelative(request.PathBase, request.Path, request.QueryString);
        var reason = context.Error is null ? "" : "&ended=expired";
        context.Response.Redirect($"{request.PathBase}{SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}{reason}");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) &&
        !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) &&
        !request.Path.StartsWithSegments(Web3AuthDefaults.EndpointPrefix, StringComparison.OrdinalIgnoreCase);
}
