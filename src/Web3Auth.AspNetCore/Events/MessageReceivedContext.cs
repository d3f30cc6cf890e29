using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>Context of <see cref="Web3SessionKeyEvents.OnMessageReceived"/>.</summary>
public sealed class MessageReceivedContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options)
    : ResultContext<Web3SessionKeyOptions>(context, scheme, options)
{
    /// <summary>The session token to use; when left <see langword="null"/> the handler reads the header or cookie.</summary>
    public string? Token { get; set; }
}
