using Microsoft.Extensions.Caching.Distributed;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The default store, over any <see cref="IDistributedCache"/> (for example <c>AddDistributedMemoryCache</c>).
/// Nonce consumption and index updates are atomic within this process only: a generic cache has no
/// compare-and-delete, so two app nodes sharing one cache could both accept a replayed message. Use the Redis
/// store for several nodes.
/// </summary>
public sealed class DistributedCacheWeb3SessionStore : IWeb3SessionStore
{
    private const string Prefix = "web3auth:";

    private readonly IDistributedCache _cache;
    private readonly TimeProvider _time;
    private readonly StripedLock _locks = new();
    private readonly DecodedRecordCache _decoded = new();

    /// <summary>Creates the store over <paramref name="cache"/>.</summary>
    public DistributedCacheWeb3SessionStore(IDistributedCache cache, TimeProvider time)
    {
        _cache = cache;
        _time = time;
    }

    private static string ChallengeKey(string nonce) => Prefix + "challenge:" + nonce;

    private static string SessionKey(string id) => Prefix + "session:" + id;

    private static string IndexKey(EthereumAddress address) => Prefix + "address:" + address.ToLowercaseString();

    /// <inheritdoc />
    public Task SaveChallengeAsync(Web3Challenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return Guard(() => _cache.SetAsync(
            ChallengeKey(challenge.Nonce),
            SessionRecordSerializer.Serialize(challenge),
            ExpiringAt(challenge.ExpiresAt),
            cancellationToken));
    }

    /// <inheritdoc />
    public async Task<Web3Challenge?> FindChallengeAsync(string nonce, CancellationToken cancellationToken)
    {
        var bytes = await Guard(() => _cache.GetAsync(ChallengeKey(nonce), cancellationToken)).ConfigureAwait(false);
        var challenge = bytes is null ? null : SessionRecordSerializer.DeserializeChallenge(bytes);

        // The cache's own expiry may run on another clock; ours is the one that counts.
        return challenge is not null && challenge.ExpiresAt > _time.GetUtcNow() ? challenge : null;
    }

    /// <inheritdoc />
    public async Task<bool> TryConsumeChallengeAsync(string nonce, CancellationToken cancellationToken)
    {
        var key = ChallengeKey(nonce);
        using (await _locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var bytes = await Guard(() => _cache.GetAsync(key, cancellationToken)).ConfigureAwait(false);
            if (bytes is null)
            {
                return false;
            }

            await Guard(() => _cache.RemoveAsync(key, cancellationToken)).ConfigureAwait(false);
            var challenge = SessionRecordSerializer.DeserializeChallenge(bytes);
            return challenge is not null && challenge.ExpiresAt > _time.GetUtcNow();
        }
    }

    /// <inheritdoc />
    public async Task CreateSessionAsync(Web3Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await WriteSessionAsync(session, cancellationToken).ConfigureAwait(false);
        try
        {
            await UpdateIndexAsync(session.Address, entries => [.. entries, new IndexEntry(session.Id, session.ExpiresAt.ToUnixTimeMilliseconds())], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Web3StoreUnavailableException)
        {
            // Not indexed means not issued: a session that revoke-all could not find must not exist.
            await TryRemoveQuietlyAsync(SessionKey(session.Id)).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<Web3Session?> FindSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        // Every authenticated request comes here: the cache call is guarded inline rather than through Guard's
        // closure, which would allocate a delegate and a second async state machine per request.
        byte[]? bytes;
        try
        {
            bytes = await _cache.GetAsync(SessionKey(sessionId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            throw Unavailable(ex);
        }

        var session = bytes is null ? null : _decoded.Decode(bytes);
        return session is not null && session.ExpiresAt > _time.GetUtcNow() ? session : null;
    }

    /// <inheritdoc />
    public async Task<bool> ReplaceSessionAsync(Web3Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        using (await _locks.AcquireAsync(SessionKey(session.Id), cancellationToken).ConfigureAwait(false))
        {
            if (await FindSessionAsync(session.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            await WriteSessionAsync(session, cancellationToken).ConfigureAwait(false);
        }

        var expires = session.ExpiresAt.ToUnixTimeMilliseconds();
        await UpdateIndexAsync(session.Address, entries => [.. entries.Where(e => e.I != session.Id), new IndexEntry(session.Id, expires)], cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        Web3Session? session;
        using (await _locks.AcquireAsync(SessionKey(sessionId), cancellationToken).ConfigureAwait(false))
        {
            session = await FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return false;
            }

            await Guard(() => _cache.RemoveAsync(SessionKey(sessionId), cancellationToken)).ConfigureAwait(false);
        }

        await UpdateIndexAsync(session.Address, entries => entries.Where(e => e.I != sessionId).ToArray(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Web3Session>> ListSessionsAsync(EthereumAddress address, CancellationToken cancellationToken)
    {
        var index = await ReadIndexAsync(address, cancellationToken).ConfigureAwait(false);
        var sessions = new List<Web3Session>(index.S.Length);
        foreach (var entry in index.S)
        {
            var session = await FindSessionAsync(entry.I, cancellationToken).ConfigureAwait(false);
            if (session is not null && session.Address == address)
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    /// <inheritdoc />
    public async Task<int> RemoveAllSessionsAsync(EthereumAddress address, CancellationToken cancellationToken)
    {
        var removed = 0;
        using (await _locks.AcquireAsync(IndexKey(address), cancellationToken).ConfigureAwait(false))
        {
            var index = await ReadIndexAsync(address, cancellationToken).ConfigureAwait(false);
            foreach (var entry in index.S)
            {
                if (await FindSessionAsync(entry.I, cancellationToken).ConfigureAwait(false) is not null)
                {
                    removed++;
                }

                await Guard(() => _cache.RemoveAsync(SessionKey(entry.I), cancellationToken)).ConfigureAwait(false);
            }

            await Guard(() => _cache.RemoveAsync(IndexKey(address), cancellationToken)).ConfigureAwait(false);
        }

        return removed;
    }

    private Task WriteSessionAsync(Web3Session session, CancellationToken cancellationToken) => Guard(() => _cache.SetAsync(
        SessionKey(session.Id),
        SessionRecordSerializer.Serialize(session),
        ExpiringAt(session.ExpiresAt),
        cancellationToken));

    private async Task<AddressIndex> ReadIndexAsync(EthereumAddress address, CancellationToken cancellationToken)
    {
        var bytes = await Guard(() => _cache.GetAsync(IndexKey(address), cancellationToken)).ConfigureAwait(false);
        return bytes is null ? new AddressIndex([]) : SessionRecordSerializer.DeserializeIndex(bytes);
    }

    // Read-modify-write of the address index under the address's lock; expired entries are pruned on every
    // write so the index cannot grow without bound, and it expires with its longest-lived session.
    private async Task UpdateIndexAsync(EthereumAddress address, Func<IndexEntry[], IndexEntry[]> change, CancellationToken cancellationToken)
    {
        var key = IndexKey(address);
        using (await _locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var current = await ReadIndexAsync(address, cancellationToken).ConfigureAwait(false);
            var updated = change(current.S.Where(e => e.E > now).ToArray());
            if (updated.Length == 0)
            {
                await Guard(() => _cache.RemoveAsync(key, cancellationToken)).ConfigureAwait(false);
                return;
            }

            await Guard(() => _cache.SetAsync(
                key,
                SessionRecordSerializer.Serialize(new AddressIndex(updated)),
                ExpiringAt(DateTimeOffset.FromUnixTimeMilliseconds(updated.Max(e => e.E))),
                cancellationToken)).ConfigureAwait(false);
        }
    }

    // A relative TTL: the cache's clock (another server's, in production) need not agree with ours. Our own
    // expiry check on read stays the authority; the TTL only lets the cache forget the record.
    private DistributedCacheEntryOptions ExpiringAt(DateTimeOffset expiresAt) => new()
    {
        AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(Math.Max(1, (expiresAt - _time.GetUtcNow()).TotalMilliseconds)),
    };

    private async Task TryRemoveQuietlyAsync(string key)
    {
        try
        {
            await _cache.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort clean-up after a failure that is already being reported.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static async Task Guard(Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            throw Unavailable(ex);
        }
    }

    // A cancelled request is not an outage, and an outage already reported is not reported twice.
    private static bool IsCacheFailure(Exception ex) => ex is not OperationCanceledException and not Web3StoreUnavailableException;

    private static Web3StoreUnavailableException Unavailable(Exception ex) =>
        new("The distributed cache failed: " + ex.GetType().Name, ex);
}
