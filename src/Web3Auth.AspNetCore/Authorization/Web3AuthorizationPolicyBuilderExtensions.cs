using Microsoft.AspNetCore.Authorization;

namespace Web3Auth.AspNetCore;

/// <summary>Policy helpers for wallet session permissions.</summary>
public static class Web3AuthorizationPolicyBuilderExtensions
{
    /// <summary>
    /// Requires a session of the Web3 scheme whose permissions include every one of <paramref name="permissions"/>
    /// (live, not expired or revoked). Failing it answers 403 with <c>insufficient_scope</c>.
    /// </summary>
    /// <remarks>
    /// For the scheme registered under another name, build the policy yourself:
    /// <c>p.AddAuthenticationSchemes(name).RequireAuthenticatedUser().AddRequirements(new Web3PermissionRequirement([...]))</c>.
    /// </remarks>
    public static AuthorizationPolicyBuilder RequireWeb3Permission(this AuthorizationPolicyBuilder builder, params string[] permissions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAuthenticationSchemes(Web3AuthDefaults.AuthenticationScheme);
        builder.RequireAuthenticatedUser();
        builder.Requirements.Add(new Web3PermissionRequirement(permissions));
        return builder;
    }
}
