using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A sign-in message the server issued and has not yet seen signed, stored under its nonce until it is used or
/// <see cref="ExpiresAt"/> passes. The login must present exactly <see cref="Message"/>.
/// </summary>
public sealed record Web3Challenge
{
    /// <summary>The EIP-4361 nonce; single use.</summary>
    public required string Nonce { get; init; }

    /// <summary>The exact message text the wallet must sign.</summary>
    public required string Message { get; init; }

    /// <summary>The address the message was issued for.</summary>
    public required EthereumAddress Address { get; init; }

    /// <summary>The chain id of the message.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The permissions the message grants, with their expiries.</summary>
    public required IReadOnlyList<Web3SessionPermission> Permissions { get; init; }

    /// <summary>When the session would end (the message's Expiration Time).</summary>
    public required DateTimeOffset SessionExpiresAt { get; init; }

    /// <summary>When this challenge can no longer be used.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>For a renewal, the session that the signature will extend; otherwise <see langword="null"/>.</summary>
    public string? RenewSessionId { get; init; }
}
