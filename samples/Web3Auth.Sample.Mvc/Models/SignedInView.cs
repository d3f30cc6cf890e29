namespace Web3Auth.Sample.Mvc.Models;

/// <summary>Who is signed in, for the pages: the session the cookie belongs to.</summary>
/// <param name="Address">The EIP-55 address.</param>
/// <param name="ChainId">The chain the wallet signed on.</param>
/// <param name="SessionId">The public session id.</param>
/// <param name="ExpiresAt">When the session ends.</param>
/// <param name="Permissions">The whole catalogue, each marked granted or not.</param>
public sealed record SignedInView(string Address, ulong ChainId, string SessionId, DateTimeOffset ExpiresAt, IReadOnlyList<PermissionView> Permissions)
{
    public bool Has(string permission) => Permissions.Any(p => p.Name == permission && p.Granted);
}
