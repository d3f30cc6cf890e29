using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Web3Auth.LoadHost;

/// <summary>
/// A scheme that authenticates every request as one fixed principal, doing no work of its own: what ASP.NET Core's
/// authentication and authorization cost by themselves, the floor under any real scheme (the /floor row).
/// </summary>
internal sealed class FixedTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Floor";

    private static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity([new Claim("sub", "floor")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Principal, SchemeName)));
}
