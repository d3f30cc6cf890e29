using System.Net;

namespace Web3Auth.Client;

/// <summary>
/// The site answered 403: the session lacks a permission (<c>insufficient_scope</c>, with the missing ones in
/// <see cref="MissingPermissions"/>) or another policy refused it (<c>forbidden</c>). Signing in again with
/// <see cref="Web3SessionKeyClientOptions.Permissions"/> that include the missing ones is the fix for the first.
/// </summary>
public sealed class Web3PermissionDeniedException : Web3RequestException
{
    internal Web3PermissionDeniedException(string? error, string? detail, IReadOnlyList<string> missingPermissions)
        : base(Describe(missingPermissions.Count > 0 ? "The session lacks the permission " + string.Join(' ', missingPermissions) : "The site refused this session access", error, detail),
            HttpStatusCode.Forbidden, error, detail)
    {
        MissingPermissions = missingPermissions;
    }

    /// <summary>The permissions the site said are missing (its <c>scope</c>); empty when another policy refused.</summary>
    public IReadOnlyList<string> MissingPermissions { get; }

    /// <summary>The first missing permission, or null.</summary>
    public string? Permission => MissingPermissions.Count > 0 ? MissingPermissions[0] : null;
}
