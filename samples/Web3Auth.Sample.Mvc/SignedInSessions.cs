using System.Security.Claims;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Models;

namespace Web3Auth.Sample.Mvc;

/// <summary>Builds the page view of the current session from the principal and the session store.</summary>
public sealed class SignedInSessions(IWeb3SessionStore store, IOptionsMonitor<Web3SessionKeyOptions> options, TimeProvider time)
{
    /// <summary>The scheme's options (domain, chains, permission catalogue).</summary>
    public Web3SessionKeyOptions Options => options.Get(Web3AuthDefaults.AuthenticationScheme);

    /// <summary>The permission catalogue, none granted.</summary>
    public IReadOnlyList<PermissionView> Catalogue() =>
        Options.Permissions.Select(p => new PermissionView(p.Name, p.Description, p.GrantedByDefault, p.MaxLifetime, null)).ToArray();

    /// <summary>The signed-in session of <paramref name="user"/>, or <see langword="null"/>.</summary>
    public async Task<SignedInView?> FindAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var sessionId = user.GetWeb3SessionId();
        var session = sessionId is null ? null : await store.FindSessionAsync(sessionId, cancellationToken);
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
