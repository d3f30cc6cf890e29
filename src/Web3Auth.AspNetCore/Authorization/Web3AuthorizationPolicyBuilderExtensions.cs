using Microsoft.AspNetCore.Authorization;

namespace Web3Auth.AspNetCore;

/// <summary>Policy helpers for wallet session permissions.</summary>
public static class Web3AuthorizationPolicyBuilderExtensions
{
    /// <summary>
    /// Requires a session of the Web3 scheme whose permissions include every one of <paramref name="permissions"/>
    /// (live, not expired or revoked). Failing it answers 403 with <c>insufficient_scope</c>.
    /// </summary>
    /// <remarks>For a scheme registered under another name, use the overload that takes the scheme.</remarks>
    public static AuthorizationPolicyBuilder RequireWeb3Permission(this AuthorizationPolicyBuilder builder, params string[] permissions) =>
        builder.RequireWeb3Permission(Web3AuthDefaults.AuthenticationScheme, permissions);

    /// <summary>
    /// Requires a session of the scheme <paramref name="authenticationScheme"/> (as registered with
    /// <c>AddWeb3SessionKeys(name, …)</c>) whose permissions include every one of <paramref name="permissions"/>.
    /// </summary>
    public static AuthorizationPolicyBuilder RequireWeb3Permission(this AuthorizationPolicyBuilder builder, string authenticationScheme, IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(permissions);
        builder.AddAuthenticationSchemes(authenticationScheme);
        builder.RequireAuthenticatedUser();
        builder.Requirements.Add(new Web3PermissionRequirement([.. permissions]));
        return builder;
    }
}
