using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Sample.Mvc.Models;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Controllers;

/// <summary>The home page: sign in with a wallet, or see who is signed in.</summary>
public sealed class HomeController(SignedInSessions sessions, ProfileStore profiles) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(string? returnUrl, string? ended, CancellationToken cancellationToken)
    {
        // A visitor who sent a session cookie (or token) that could not be checked because the store is down gets 503
        // "temporarily unavailable", not the sign-in form: the form would say "you are signed out" when the session is
        // most likely fine, and invite a sign-in that cannot work until the store is back. A visitor with no cookie
        // still gets the form: nothing of theirs is at stake, finding out would mean asking the struggling store on
        // every anonymous page view, and the sign-in itself answers 503 store_unavailable, which the form turns into
        // "briefly unavailable, try again in N seconds".
        if (await SessionCheck.StoreWasUnavailableAsync(HttpContext))
        {
            return Unavailable();
        }

        var signedIn = sessions.Find(HttpContext);
        string? name = null;
        if (signedIn is not null && User.HasWeb3Permission(SamplePermissions.ProfileRead))
        {
            name = (await profiles.FindAsync(EthereumAddress.Parse(signedIn.Address), cancellationToken))?.Name;
        }

        var view = new HomeView(
            signedIn,
            sessions.Catalogue(),
            name,
            returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null,
            ended,
            sessions.Options.AllowedChainIds.Order().ToArray());
        return View(view);
    }

    private ViewResult Unavailable()
    {
        var retryAfter = Math.Max(1, (int)Math.Ceiling(sessions.Options.StoreRetryAfter.TotalSeconds));
        Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        // An outage page must not outlive the outage in a cache.
        Response.Headers.CacheControl = "no-store";
        var page = View("Unavailable", retryAfter);
        page.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return page;
    }
}
