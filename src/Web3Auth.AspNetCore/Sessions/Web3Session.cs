using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A session key: what a wallet granted with one signature. The store keeps it server-side; the client holds only
/// an opaque token whose SHA-256 is <see cref="TokenHash"/>. Immutable: every change is a new record with the next
/// <see cref="Version"/>, written only over the version it was made from.
/// </summary>
public sealed record Web3Session
{
    /// <summary>The public session id (listed on the sessions page; not a credential). It embeds the address.</summary>
    public required string Id { get; init; }

    /// <summary>The authentication scheme that minted the session; no other scheme accepts it.</summary>
    public required string Scheme { get; init; }

    /// <summary>The EIP-4361 domain the wallet signed; a site with another domain does not accept the session.</summary>
    public required string Domain { get; init; }

    /// <summary>The wallet address that signed in.</summary>
    public required EthereumAddress Address { get; init; }

    /// <summary>The EIP-155 chain id of the sign-in message.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>
    /// The record's version: 1 when created, one more on every change (renewal, permission revocation). Stores write a
    /// change only over the version it was made from, so no change can overwrite another.
    /// </summary>
    public required long Version { get; init; }

    /// <summary>SHA-256 of the token's secret part; the token itself is never stored.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>When the session was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session ends; after this every request with its token gets 401.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The granted permissions, each with its own expiry (never after <see cref="ExpiresAt"/>).</summary>
    public required IReadOnlyList<Web3SessionPermission> Permissions { get; init; }

    /// <summary>A short hint about the client (its User-Agent, truncated), shown on the sessions page.</summary>
    public string? ClientHint { get; init; }

    /// <summary>
    /// How the sign-in signature was verified: one of <see cref="Web3VerificationMethods"/> — <c>eoa</c> (ecrecover),
    /// <c>eip1271</c> or <c>eip6492</c> (a smart-contract wallet asked on chain).
    /// </summary>
    public string VerificationMethod { get; init; } = Web3VerificationMethods.Eoa;

    /// <summary>
    /// For a smart-contract wallet session while revalidation is on, the signed hash and signature to ask the wallet
    /// about again; otherwise <see langword="null"/>.
    /// </summary>
    public Web3SignatureProof? SignatureProof { get; init; }

    /// <summary>
    /// The client key the wallet delegated this session to, or <see langword="null"/> for a bearer session. A key-bound
    /// session's token is accepted only with a DPoP proof by this key (or, when enabled, through the session cookie).
    /// </summary>
    public Web3BoundKey? BoundKey { get; init; }

    /// <summary>Whose session this is: the store's key.</summary>
    public Web3SessionOwner Owner => new(Scheme, Address);

    /// <summary>The CAIP-10 account id, <c>eip155:{chainId}:{address}</c>.</summary>
    public string AccountId => $"eip155:{ChainId}:{Address}";

    /// <summary>
    /// Whether this record is the live session a store was asked for: the same id, owner and scheme, and not expired at
    /// <paramref name="now"/> (the caller's clock, not the backing service's). Every store checks what it read with this.
    /// </summary>
    public bool IsLiveFor(Web3SessionOwner owner, string sessionId, DateTimeOffset now) =>
        ExpiresAt > now && Owner == owner && string.Equals(Id, sessionId, StringComparison.Ordinal);

    /// <summary>The permissions still live at <paramref name="now"/>.</summary>
    public IEnumerable<Web3SessionPermission> LivePermissions(DateTimeOffset now) => Permissions.Where(p => p.ExpiresAt > now);
}
