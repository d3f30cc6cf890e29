using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>Context of <see cref="Web3SessionKeyEvents.OnForbidden"/>: the 403 about to be written.</summary>
public sealed class ForbiddenContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options)
    : ResultContext<Web3SessionKeyOptions>(context, scheme, options)
{
    /// <summary>The permissions the request lacked, if a permission policy failed.</summary>
    public IReadOnlyList<string> MissingPermissions { get; init; } = [];
}
