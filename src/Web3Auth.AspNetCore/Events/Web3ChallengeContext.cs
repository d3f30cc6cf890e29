using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>Context of <see cref="Web3SessionKeyEvents.OnChallenge"/>: the 401 (or 403/503) about to be written.</summary>
public sealed class Web3ChallengeContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options, AuthenticationProperties properties)
    : PropertiesContext<Web3SessionKeyOptions>(context, scheme, options, properties)
{
    /// <summary>The error code that will be sent, or <see langword="null"/> when no token was presented.</summary>
    public string? Error { get; set; }

    /// <summary>The error description that will be sent.</summary>
    public string? ErrorDescription { get; set; }

    /// <summary>Whether the application wrote the response itself.</summary>
    public bool Handled { get; private set; }

    /// <summary>Skips the default response; the application writes its own.</summary>
    public void HandleResponse() => Handled = true;
}
