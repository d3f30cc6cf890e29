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
}
