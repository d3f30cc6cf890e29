using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Web3Auth.Sample.Mvc.Controllers;

/// <summary>
/// The signed-in pages: profile, notes and sessions. A signed-out visitor is sent to sign in
/// (the scheme's SignInPagePath); each page's script reads and writes through the JSON API.
/// </summary>
[Authorize]
public sealed class AccountController(SignedInSessions sessions) : Controller
{
    [HttpGet("/profile")]
    public Task<IActionResult> Profile(CancellationToken cancellationToken) => PageAsync(cancellationToken);

    [HttpGet("/notes")]
    public Task<IActionResult> Notes(CancellationToken cancellationToken) => PageAsync(cancellationToken);

    [HttpGet("/sessions")]
    public Task<IActionResult> Sessions(CancellationToken cancellationToken) => PageAsync(cancellationToken);

    private async Task<IActionResult> PageAsync(CancellationToken cancellationToken)
    {
        var signedIn = sessions.Find(HttpContext);
        return signedIn is null ? Redirect("/?ended=expired") : View(signedIn);
    }
}
