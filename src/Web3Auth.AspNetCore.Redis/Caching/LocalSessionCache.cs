using System.Collections.Concurrent;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// One node's short-lived copy of sessions it validated, so most requests need no Redis round trip. It answers only
/// while it is trusted, and only until the proof it was last given runs out: <see cref="InvalidationSubscription"/>
/// trusts it with "every invalidation published before this moment has reached you" and a deadline, and distrusts it
/// when the subscription may have missed one.
/// <para>
/// Two counters keep answers honest. The epoch closes the race between a read and a revocation: a caller notes
/// <see cref="Epoch"/> before reading Redis and <see cref="TryAdd"/> refuses the result if any invalidation or
/// change of trust came in meanwhile, since the record read may be the one just revoked. The generation closes the
/// race between a lookup and a loss: every entry carries the generation it was cached under, and
/// <see cref="Distrust"/> moves it on, so nothing cached before a loss is answered after it, whatever else runs.
/// </para>
/// Durations are measured on the <see cref="TimeProvider"/> given here, by its monotonic timestamps: they bound
/// staleness, not session lifetime, so the store uses real time (<see cref="TimeProvider.System"/>) rather than the
/// app's clock; tests give it a manual one.
/// </summary>
internal sealed class LocalSessionCache(TimeSpan duration, int capacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly long _durationTicks = Ticks(duration, time);
    private long _epoch;
    private long _generation;
    private long _provenUntil;
    private volatile bool _trusted;

    /// <summary>The clock durations and proofs are measured on; <see cref="InvalidationSubscription"/> stamps its probes with it.</summary>
    public TimeProvider Time => time;

    /// <summary>Whether the cache answers now: trusted, and its proof not yet run out.</summary>
    public bool IsTrusted => _trusted && time.GetTimestamp() < Interlocked.Read(ref _provenUntil);

    /// <summary>Still trusted, but the proof ran out without being renewed: the subscription may have gone quiet.</summary>
    public bool ProofExpired => _trusted && time.GetTimestamp() >= Interlocked.Read(ref _provenUntil);

    public int Count => _entries.Count;

    /// <summary>Note this before reading Redis, and hand it to <see cref="TryAdd"/>.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>Moves on at every <see cref="Distrust"/>; entries cached under an older one are never answered.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public Web3Session? TryGet(string sessionId)
    {
        var now = time.GetTimestamp();
        if (!_trusted || now >= Interlocked.Read(ref _provenUntil) || !_entries.TryGetValue(sessionId, out var entry))
        {
            return null;
        }

        if (entry.Generation == Generation && now < entry.CachedUntil)
        {
            return entry.Session;
        }

        _entries.TryRemove(KeyValuePair.Create(sessionId, entry));
        return null;
    }

    /// <summary>
    /// Keeps <paramref name="session"/>, unless the cache does not answer now or was invalidated or distrusted since
    /// <paramref name="epochBeforeRead"/>.
    /// </summary>
    public void TryAdd(Web3Session session, long epochBeforeRead)
    {
        lock (_gate)
        {
            if (!IsTrusted || _epoch != epochBeforeRead || (_entries.Count >= capacity && !MadeRoom()))
            {
                return;
            }

            _entries[session.Id] = new Entry(session, _generation, time.GetTimestamp() + _durationTicks);
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
            Interlocked.Exchange(ref _provenUntil, 0);
            Interlocked.Increment(ref _generation);
            _epoch++;
            _entries.Clear();
            return was;
        }
    }

    /// <summary>
    /// Answers until <paramref name="provenUntil"/> (a timestamp of <see cref="Time"/>), or longer if a later proof
    /// comes; returns whether it was distrusted until now (and is not any more). Reads that began before trust returned are refused (new
    /// epoch): they may predate an invalidation the node missed.
    /// </summary>
    public bool Trust(long provenUntil)
    {
        lock (_gate)
        {
            // A proof that has already run out vouches for nothing (a probe that took longer than an interval).
            if (provenUntil <= time.GetTimestamp())
            {
                return false;
            }

            if (provenUntil > _provenUntil)
            {
                Interlocked.Exchange(ref _provenUntil, provenUntil);
            }

            if (_trusted)
            {
                return false;
            }

            _epoch++;
            _trusted = true;
            return true;
        }
    }

    /// <summary><paramref name="span"/> in ticks of <paramref name="clock"/>'s timestamps.</summary>
    public static long Ticks(TimeSpan span, TimeProvider clock) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private bool MadeRoom()
    {
        var now = time.GetTimestamp();
        foreach (var (id, entry) in _entries)
        {
            if (entry.CachedUntil <= now || entry.Generation != _generation)
            {
                _entries.TryRemove(KeyValuePair.Create(id, entry));
            }
        }

        return _entries.Count < capacity;
    }

    private sealed record Entry(Web3Session Session, long Generation, long CachedUntil);
}
