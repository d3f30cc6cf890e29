using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Models;

namespace Web3Auth.Sample.Mvc;

/// <summary>Builds the page view of the current session from the session the request was authenticated with.</summary>
public sealed class SignedInSessions(IOptionsMonitor<Web3SessionKeyOptions> options, TimeProvider time)
{
    /// <summary>The scheme's options (domain, chains, permission catalogue).</summary>
    public Web3SessionKeyOptions Options => options.Get(Web3AuthDefaults.AuthenticationScheme);

    /// <summary>The permission catalogue, none granted.</summary>
    public IReadOnlyList<PermissionView> Catalogue() =>
        Options.Permissions.Select(p => new PermissionView(p.Name, p.Description, p.GrantedByDefault, p.MaxLifetime, null)).ToArray();

    /// <summary>The signed-in session of the request, or <see langword="null"/>.</summary>
    public SignedInView? Find(HttpContext context)
    {
        // The scheme published the session it authenticated: no second store read.
        var session = context.GetWeb3Session();
        if (session is null)
        {
            return null;
        }

        var live = session.LivePermissions(time.GetUtcNow()).ToDictionary(p => p.Name, p => p.ExpiresAt, StringComparer.Ordinal);
        var permissions = Options.Permissions
            .Select(p => new PermissionView(p.Name, p.Description, p.GrantedByDefault, p.MaxLifetime, live.TryGetValue(p.Name, out var until) ? until : null))
            .ToArray();
        return new SignedInView(session.Address.ToString(), session.ChainId, session.Id, session.ExpiresAt, permissions);
    }
}
