using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Checks <see cref="Web3PermissionRequirement"/> against the caller's permission claims, and remembers what was
/// missing so the 403 can name it in <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="..."</c>.
/// </summary>
internal sealed class Web3PermissionAuthorizationHandler : AuthorizationHandler<Web3PermissionRequirement>
{
    internal static readonly object MissingPermissionsKey = new();

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Web3PermissionRequirement requirement)
    {
        var missing = requirement.Permissions.Where(p => !context.User.HasWeb3Permission(p)).ToArray();
        if (missing.Length == 0)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        if (context.Resource is HttpContext httpContext)
        {
            var recorded = httpContext.Items[MissingPermissionsKey] as List<string> ?? [];
            recorded.AddRange(missing.Except(recorded, StringComparer.Ordinal));
            httpContext.Items[MissingPermissionsKey] = recorded;
        }

        context.Fail(new AuthorizationFailureReason(this, "Missing Web3 permission: " + string.Join(", ", missing)));
        return Task.CompletedTask;
    }
}
