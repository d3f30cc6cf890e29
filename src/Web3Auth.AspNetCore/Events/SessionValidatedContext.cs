using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>Context of <see cref="Web3SessionKeyEvents.OnSessionValidated"/>.</summary>
public sealed class SessionValidatedContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options, Web3Session session, ClaimsPrincipal principal)
    : ResultContext<Web3SessionKeyOptions>(context, scheme, options)
{
    /// <summary>The session the token belongs to.</summary>
    public Web3Session Session { get; } = session;

    /// <summary>The principal built from the session; replace or add claims here.</summary>
    public ClaimsPrincipal SessionPrincipal { get; set; } = principal;
}
