using System.Collections.Concurrent;
using System.Diagnostics;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// One node's short-lived copy of sessions it validated, so most requests need no Redis round trip. It answers only
/// while it is trusted, that is while the node's invalidation subscription is known to work; losing the subscription
/// empties it.
/// <para>
/// The epoch closes the race between a read and a revocation: a caller notes <see cref="Epoch"/> before reading
/// Redis and <see cref="TryAdd"/> refuses the result if any invalidation or change of trust came in meanwhile, since
/// the record read may be the one just revoked.
/// </para>
/// Durations are real time (not the app's <see cref="TimeProvider"/>): they bound staleness, not session lifetime.
/// </summary>
internal sealed class LocalSessionCache(TimeSpan duration, int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly long _durationTicks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
    private long _epoch;
    private volatile bool _trusted;

    public bool IsTrusted => _trusted;

    public int Count => _entries.Count;

    /// <summary>Note this before reading Redis, and hand it to <see cref="TryAdd"/>.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public Web3Session? TryGet(string sessionId)
    {
        if (!_trusted || !_entries.TryGetValue(sessionId, out var entry))
        {
            return null;
        }

        if (Stopwatch.GetTimestamp() < entry.CachedUntil)
        {
            return entry.Session;
        }

        _entries.TryRemove(KeyValuePair.Create(sessionId, entry));
        return null;
    }

    /// <summary>Keeps <paramref name="session"/>, unless the cache was invalidated or distrusted since <paramref name="epochBeforeRead"/>.</summary>
    public void TryAdd(Web3Session session, long epochBeforeRead)
    {
        lock (_gate)
        {
            if (!_trusted || _epoch != epochBeforeRead || (_entries.Count >= capacity && !MadeRoom()))
            {
                return;
            }

            _entries[session.Id] = new Entry(session, Stopwatch.GetTimestamp() + _durationTicks);
        }
    }

    public void Invalidate(IEnumerable<string> sessionIds)
    {
        lock (_gate)
        {
            _epoch++;
            foreach (var id in sessionIds)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Stops answering and forgets everything; returns whether the cache was trusted until now.</summary>
    public bool Distrust()
    {
        lock (_gate)
        {
            var was = _trusted;
            _trusted = false;
            _epoch++;
            _entries.Clear();
            return was;
        }
    }

    /// <summary>
    /// Answers again; returns whether it was distrusted until now. Reads that began before this are refused
    /// (new epoch): they may predate an invalidation the node missed.
    /// </summary>
    public bool Trust()
    {
        lock (_gate)
        {
            if (_trusted)
            {
                return false;
            }

            _epoch++;
            _trusted = true;
            return true;
        }
    }

    private bool MadeRoom()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (id, entry) in _entries)
        {
            if (entry.CachedUntil <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(id, entry));
            }
        }

        return _entries.Count < capacity;
    }

    private sealed record Entry(Web3Session Session, long CachedUntil);
}
