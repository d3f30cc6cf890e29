using System.Security.Claims;

namespace Web3Auth.AspNetCore;

/// <summary>Reads wallet session claims from a principal.</summary>
public static class Web3ClaimsPrincipalExtensions
{
    /// <summary>Whether the principal's session currently holds <paramref name="permission"/>.</summary>
    public static bool HasWeb3Permission(this ClaimsPrincipal principal, string permission)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.HasClaim(Web3ClaimTypes.Permission, permission);
    }

    /// <summary>The EIP-55 address of the signed-in wallet, or <see langword="null"/>.</summary>
    public static string? GetWeb3Address(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(Web3ClaimTypes.Address)?.Value;
    }

    /// <summary>The session id, or <see langword="null"/>.</summary>
    public static string? GetWeb3SessionId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(Web3ClaimTypes.SessionId)?.Value;
    }
}
