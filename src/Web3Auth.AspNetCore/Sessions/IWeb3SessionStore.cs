using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Where challenges and sessions live. Every implementation passes the same conformance suite. Implementations
/// throw <see cref="Web3StoreUnavailableException"/> when their backing service cannot be reached, so callers
/// answer 503 and fail closed.
/// </summary>
public interface IWeb3SessionStore
{
    /// <summary>Stores an issued challenge until its <see cref="Web3Challenge.ExpiresAt"/>.</summary>
    Task SaveChallengeAsync(Web3Challenge challenge, CancellationToken cancellationToken);

    /// <summary>Reads an unexpired, unused challenge without consuming it.</summary>
    Task<Web3Challenge?> FindChallengeAsync(string nonce, CancellationToken cancellationToken);

    /// <summary>
    /// Consumes a challenge. Atomic: of any number of concurrent callers for one nonce, exactly one gets
    /// <see langword="true"/>, and every later call gets <see langword="false"/>.
    /// </summary>
    Task<bool> TryConsumeChallengeAsync(string nonce, CancellationToken cancellationToken);

    /// <summary>Stores a new session and indexes it under its address; the record expires with the session.</summary>
    Task CreateSessionAsync(Web3Session session, CancellationToken cancellationToken);

    /// <summary>Reads a live session by id.</summary>
    Task<Web3Session?> FindSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Overwrites a session that still exists (renewal, permission revocation); <see langword="false"/> if it is gone.</summary>
    Task<bool> ReplaceSessionAsync(Web3Session session, CancellationToken cancellationToken);

    /// <summary>Deletes a session; <see langword="false"/> if there was none.</summary>
    Task<bool> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The live sessions of an address.</summary>
    Task<IReadOnlyList<Web3Session>> ListSessionsAsync(EthereumAddress address, CancellationToken cancellationToken);

    /// <summary>Deletes every session of an address; returns how many there were.</summary>
    Task<int> RemoveAllSessionsAsync(EthereumAddress address, CancellationToken cancellationToken);
}
