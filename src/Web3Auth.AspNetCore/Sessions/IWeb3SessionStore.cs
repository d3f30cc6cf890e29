namespace Web3Auth.AspNetCore;

/// <summary>
/// Where sessions and used nonces live. The contract a store must keep (every store passes the same conformance
/// suite, tests/…/Stores/Web3SessionStoreConformanceTests.cs):
/// <list type="bullet">
/// <item>An owner's list is the authority: a session is live only while its owner's list names it and it has not
/// expired. A list the backing service lost (evicted, flushed) therefore ends sessions; it never revives or hides one.</item>
/// <item>Writes are compare-and-swap: <see cref="TryReplaceSessionAsync"/> writes only over the version it was made
/// from, so a revocation can never be overwritten by a change made from an older record.</item>
/// <item>Removing sessions and replacing one are atomic with respect to each other: no write can bring back a removed
/// session.</item>
/// <item>Nothing is stored for anonymous clients: the sign-in message is stateless; only the nonce of a message
/// that was signed and accepted is recorded, and the <c>jti</c> of a DPoP proof whose signature was verified
/// (<see cref="TryUseOnceAsync"/>).</item>
/// </list>
/// Expiry is judged by the caller's clock (<c>now</c> arguments and the records' own times), never by the backing
/// service's. Implementations throw <see cref="Web3StoreUnavailableException"/> when their backing service cannot be
/// reached, so callers answer 503 and fail closed. Records are written with <see cref="Web3SessionRecordFormat"/>.
/// </summary>
public interface IWeb3SessionStore
{
    /// <summary>
    /// Records that the single-use value <paramref name="key"/> of <paramref name="scheme"/> was used, until
    /// <paramref name="expiresAt"/>. Atomic: of any number of concurrent callers for one key exactly one gets
    /// <see langword="true"/>, and every later call before <paramref name="expiresAt"/> gets <see langword="false"/>.
    /// </summary>
    /// <param name="scheme">The authentication scheme; each scheme has its own key space.</param>
    /// <param name="key">
    /// The value, namespaced by the caller: <c>nonce:{nonce}</c> for a sign-in message, <c>dpop:{hash}</c> for a DPoP
    /// proof. At most 100 characters of base64url, <c>:</c> and ASCII letters and digits.
    /// </param>
    /// <param name="expiresAt">Until when the use is remembered; later the value may be used again.</param>
    /// <param name="now">The caller's clock.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> TryUseOnceAsync(string scheme, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new session (<see cref="Web3Session.Version"/> 1) and lists it under its owner; the record expires with
    /// the session. When the owner already has <paramref name="maxSessionsPerOwner"/> live sessions, the ones closest
    /// to their end are removed first, in the same step. Returns how many were removed so.
    /// </summary>
    Task<int> CreateSessionAsync(Web3Session session, int maxSessionsPerOwner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The session if its owner's list names it and it has not expired at <paramref name="now"/>.</summary>
    Task<Web3Session?> FindSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="session"/> over the stored record if that record is still live, still listed, and of
    /// version <c>session.Version - 1</c>; otherwise writes nothing and returns <see langword="false"/> (re-read and
    /// retry, or give up when the session is gone).
    /// </summary>
    Task<bool> TryReplaceSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a session; <see langword="false"/> if it was not live.</summary>
    Task<bool> RemoveSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The owner's live sessions (at most the cap it was created under), in no particular order.</summary>
    Task<IReadOnlyList<Web3Session>> ListSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends every session of the owner in one step: none listed before the call survives it. Returns how many were live.
    /// </summary>
    Task<int> RemoveAllSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken);
}
