using Microsoft.Extensions.Caching.Distributed;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The default store, over any <see cref="IDistributedCache"/> (for example <c>AddDistributedMemoryCache</c>). Every
/// write of an owner's sessions — create, replace, remove, remove all — runs under that owner's lock, and each
/// checks the owner's list and the record's version under it, so no write can undo another. The lock is this
/// process's: two app nodes sharing one cache have no atomic compare-and-swap or nonce check between them (a generic
/// cache has none). Use the Redis store for several nodes.
/// <para>
/// As an <see cref="IWeb3SessionChangeFeed"/> it announces its own successful writes (create, with the sessions the
/// cap ended; replace; remove; remove all): the live events of this process only. A write made by another process
/// over the same cache is not heard here; streams notice it on their timers (expiry, lapses) or never.
/// </para>
/// </summary>
/// <remarks>
/// Keys, per scheme: <c>web3auth:{scheme}:owner:{address}</c> (the owner's list, the authority),
/// <c>web3auth:{scheme}:session:{id}</c> (the record, <see cref="Web3SessionRecordFormat"/>) and
/// <c>web3auth:{scheme}:nonce:{nonce}</c> (a used nonce). A cache that evicts the list under memory pressure ends that
/// owner's sessions; it cannot bring one back or hide one from "revoke all".
/// </remarks>
public sealed class DistributedCacheWeb3SessionStore : IWeb3SessionStore, IWeb3SessionChangeFeed
{
    private const string Prefix = "web3auth:";

    private readonly IDistributedCache _cache;
    private readonly StripedLock _locks = new();
    private readonly DecodedRecordCache<Web3Session> _sessions = new(Web3SessionRecordFormat.TryRead);
    private readonly DecodedRecordCache<OwnerSessionList> _lists = new(OwnerSessionList.TryRead);
    private readonly SessionChangeListeners _listeners = new();

    /// <summary>Creates the store over <paramref name="cache"/>.</summary>
    public DistributedCacheWeb3SessionStore(IDistributedCache cache) => _cache = cache;

    /// <inheritdoc />
    public IDisposable Subscribe(Action<Web3SessionChanges> listener) => _listeners.Subscribe(listener);

    private static string Space(string scheme) => Prefix + Uri.EscapeDataString(scheme) + ":";

    private static string OwnerKey(Web3SessionOwner owner) => Space(owner.Scheme) + "owner:" + owner.Address.ToLowercaseString();

    private static string SessionKey(string scheme, string id) => Space(scheme) + "session:" + id;

    /// <inheritdoc />
    public async Task<bool> TryUseOnceAsync(string scheme, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        key = Space(scheme) + key;
        using (await _locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            // The value is the expiry: a record the cache kept past it (its clock is not ours) counts as gone.
            var used = await Guard(() => _cache.GetAsync(key, cancellationToken)).ConfigureAwait(false);
            if (used is { Length: 8 } && BitConverter.ToInt64(used) > now.ToUnixTimeMilliseconds())
            {
                return false;
            }

            await Guard(() => _cache.SetAsync(key, BitConverter.GetBytes(expiresAt.ToUnixTimeMilliseconds()), ExpiringAt(expiresAt, now), cancellationToken))
                .ConfigureAwait(false);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<int> CreateSessionAsync(Web3Session session, int maxSessionsPerOwner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerOwner, 1);
        using (await _locks.AcquireAsync(OwnerKey(session.Owner), cancellationToken).ConfigureAwait(false))
        {
            var live = (await ReadListAsync(session.Owner, cancellationToken).ConfigureAwait(false)).Live(now).ToList();
            var evicted = live.OrderBy(e => e.Expires).Take(Math.Max(0, live.Count - maxSessionsPerOwner + 1)).ToArray();
            live.RemoveAll(evicted.Contains);
            live.Add(new OwnerSessionEntry(session.Id, session.ExpiresAt.ToUnixTimeMilliseconds()));

            // The record first, then the list that makes it live: a failure in between leaves an unlisted, dead record.
            await WriteSessionAsync(session, now, cancellationToken).ConfigureAwait(false);
            await WriteListAsync(session.Owner, live, now, cancellationToken).ConfigureAwait(false);
            foreach (var entry in evicted)
            {
                await Guard(() => _cache.RemoveAsync(SessionKey(session.Scheme, entry.Id), cancellationToken)).ConfigureAwait(false);
            }

            _listeners.Raise([session.Id, .. evicted.Select(e => e.Id)]);
            return evicted.Length;
        }
    }

    /// <inheritdoc />
    public async Task<Web3Session?> FindSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every authenticated request comes here: two cache reads, guarded inline rather than through Guard's closure.
        byte[]? list, record;
        try
        {
            list = await _cache.GetAsync(OwnerKey(owner), cancellationToken).ConfigureAwait(false);
            record = list is null ? null : await _cache.GetAsync(SessionKey(owner.Scheme, sessionId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCacheFailure(ex))
        {
            throw Unavailable(ex);
        }

        if (list is null || record is null || _lists.Decode(list)?.Lists(sessionId, now) != true)
        {
            return null;
        }

        return Matching(_sessions.Decode(record), owner, sessionId, now);
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        using (await _locks.AcquireAsync(OwnerKey(session.Owner), cancellationToken).ConfigureAwait(false))
        {
            var list = await ReadListAsync(session.Owner, cancellationToken).ConfigureAwait(false);
            if (!list.Lists(session.Id, now))
            {
                return false;
            }

            var stored = Matching(await ReadSessionAsync(session.Scheme, session.Id, cancellationToken).ConfigureAwait(false), session.Owner, session.Id, now);
            if (stored is null || stored.Version != session.Version - 1)
            {
                return false;
            }

            await WriteSessionAsync(session, now, cancellationToken).ConfigureAwait(false);
            var entries = list.Live(now).Where(e => e.Id != session.Id).Append(new OwnerSessionEntry(session.Id, session.ExpiresAt.ToUnixTimeMilliseconds()));
            await WriteListAsync(session.Owner, entries.ToList(), now, cancellationToken).ConfigureAwait(false);
            _listeners.Raise([session.Id]);
            return true;
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(OwnerKey(owner), cancellationToken).ConfigureAwait(false))
        {
            var list = await ReadListAsync(owner, cancellationToken).ConfigureAwait(false);
            var wasLive = list.Lists(sessionId, now);
            if (list.Sessions.Any(e => e.Id == sessionId))
            {
                // The list first: once it no longer names the session, the session is dead whatever happens next.
                await WriteListAsync(owner, list.Live(now).Where(e => e.Id != sessionId).ToList(), now, cancellationToken).ConfigureAwait(false);
            }

            await Guard(() => _cache.RemoveAsync(SessionKey(owner.Scheme, sessionId), cancellationToken)).ConfigureAwait(false);
            if (wasLive)
            {
                _listeners.Raise([sessionId]);
            }

            return wasLive;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Web3Session>> ListSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = await ReadListAsync(owner, cancellationToken).ConfigureAwait(false);
        var sessions = new List<Web3Session>(list.Sessions.Length);
        foreach (var entry in list.Live(now))
        {
            if (Matching(await ReadSessionAsync(owner.Scheme, entry.Id, cancellationToken).ConfigureAwait(false), owner, entry.Id, now) is { } session)
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    /// <inheritdoc />
    public async Task<int> RemoveAllSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(OwnerKey(owner), cancellationToken).ConfigureAwait(false))
        {
            var list = await ReadListAsync(owner, cancellationToken).ConfigureAwait(false);

            // Removing the list ends every session it names at once; the records are only cleaned up after.
            await Guard(() => _cache.RemoveAsync(OwnerKey(owner), cancellationToken)).ConfigureAwait(false);
            foreach (var entry in list.Sessions)
            {
                await Guard(() => _cache.RemoveAsync(SessionKey(owner.Scheme, entry.Id), cancellationToken)).ConfigureAwait(false);
            }

            _listeners.Raise(list.Sessions.Select(e => e.Id).ToArray());
            return list.Live(now).Length;
        }
    }

    private static Web3Session? Matching(Web3Session? session, Web3SessionOwner owner, string sessionId, DateTimeOffset now) =>
        session is not null && session.IsLiveFor(owner, sessionId, now) ? session : null;

    private async Task<Web3Session?> ReadSessionAsync(string scheme, string sessionId, CancellationToken cancellationToken)
    {
        var bytes = await Guard(() => _cache.GetAsync(SessionKey(scheme, sessionId), cancellationToken)).ConfigureAwait(false);
        return bytes is null ? null : _sessions.Decode(bytes);
    }

    private async Task<OwnerSessionList> ReadListAsync(Web3SessionOwner owner, CancellationToken cancellationToken)
    {
        var bytes = await Guard(() => _cache.GetAsync(OwnerKey(owner), cancellationToken)).ConfigureAwait(false);
        return (bytes is null ? null : _lists.Decode(bytes)) ?? OwnerSessionList.Empty;
    }

    private Task WriteSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken) => Guard(() => _cache.SetAsync(
        SessionKey(session.Scheme, session.Id), Web3SessionRecordFormat.Write(session), ExpiringAt(session.ExpiresAt, now), cancellationToken));

    // The list lives as long as its longest-lived session; an empty list is removed.
    private Task WriteListAsync(Web3SessionOwner owner, List<OwnerSessionEntry> entries, DateTimeOffset now, CancellationToken cancellationToken) =>
        entries.Count == 0
            ? Guard(() => _cache.RemoveAsync(OwnerKey(owner), cancellationToken))
            : Guard(() => _cache.SetAsync(
                OwnerKey(owner),
                new OwnerSessionList([.. entries]).ToBytes(),
                ExpiringAt(DateTimeOffset.FromUnixTimeMilliseconds(entries.Max(e => e.Expires)), now),
                cancellationToken));

    // A relative TTL: the cache's clock (another server's, in production) need not agree with ours. Our own
    // expiry check on read stays the authority; the TTL only lets the cache forget the record.
    private static DistributedCacheEntryOptions ExpiringAt(DateTimeOffset expiresAt, DateTimeOffset now) => new()
    {
        AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(Math.Max(1, (expiresAt - now).TotalMilliseconds)),
    };

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
