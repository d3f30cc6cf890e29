using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>Context of <see cref="Web3SessionKeyEvents.OnAuthenticationFailed"/>.</summary>
public sealed class AuthenticationFailedContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options, string error, string description)
    : ResultContext<Web3SessionKeyOptions>(context, scheme, options)
{
    /// <summary>The error code (see <see cref="Web3ErrorCodes"/>).</summary>
    public string Error { get; } = error;

    /// <summary>What went wrong, safe to show to the client.</summary>
    public string Description { get; } = description;
}
