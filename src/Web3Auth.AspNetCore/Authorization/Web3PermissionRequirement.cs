using Microsoft.AspNetCore.Authorization;

namespace Web3Auth.AspNetCore;

/// <summary>Requires every one of <see cref="Permissions"/> to be live in the caller's session.</summary>
public sealed class Web3PermissionRequirement : IAuthorizationRequirement
{
    /// <summary>Creates the requirement.</summary>
    public Web3PermissionRequirement(IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        Permissions = permissions.ToArray();
        if (Permissions.Count == 0)
        {
            throw new ArgumentException("Name at least one permission.", nameof(permissions));
        }
    }

    /// <summary>The required permissions (ReCap abilities).</summary>
    public IReadOnlyList<string> Permissions { get; }
}
