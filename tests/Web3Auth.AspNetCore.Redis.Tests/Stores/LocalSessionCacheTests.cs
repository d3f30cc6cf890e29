using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests.Stores;

/// <summary>The node-local cache: what it answers, and when it must not.</summary>
public sealed class LocalSessionCacheTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly EthereumAddress Alice = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_validated_session_is_answered_from_memory()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var store = Store(prefix, TimeSpan.FromMinutes(1));
        await WaitUntilTrustedAsync(store);
        var session = Session();
        await store.CreateSessionAsync(session, 50, _time.GetUtcNow(), default);
        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));

        // Deleted behind the store's back, with no invalidation published: only the cache still knows it.
        await (await redis.Server.AdminAsync()).KeyDeleteAsync(prefix + "{Web3|" + Alice.ToLowercaseString() + "}:session:" + session.Id);

        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
    }

    [Fact]
    public async Task With_the_cache_off_every_read_goes_to_redis()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var store = Store(prefix, TimeSpan.Zero);
        var session = Session();
        await store.CreateSessionAsync(session, 50, _time.GetUtcNow(), default);
        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));

        await (await redis.Server.AdminAsync()).KeyDeleteAsync(prefix + "{Web3|" + Alice.ToLowercaseString() + "}:session:" + session.Id);

        Assert.Null(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
        Assert.Null(store.LocalCache);
    }

    [Fact]
    public async Task A_cached_session_is_still_judged_by_its_expiry()
    {
        await using var store = Store(RedisFixture.NewPrefix(), TimeSpan.FromMinutes(1));
        await WaitUntilTrustedAsync(store);
        var session = Session(TimeSpan.FromMinutes(10));
        await store.CreateSessionAsync(session, 50, _time.GetUtcNow(), default);
        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));

        // The app's clock, which judges sessions; the cache bounds staleness on real time and still holds it.
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
    }

    [Fact]
    public void An_entry_is_answered_until_the_cache_duration_ends()
    {
        var (cache, clock) = TrustedCache(duration: TimeSpan.FromMilliseconds(500));
        var session = Session();
        cache.TryAdd(session, cache.Epoch);

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.NotNull(cache.TryGet(session.Id));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.TryGet(session.Id));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cache_answers_only_until_its_proof_runs_out_and_again_once_a_later_proof_comes()
    {
        var clock = new ManualTimeProvider();
        var cache = new LocalSessionCache(TimeSpan.FromMinutes(1), 100, clock);
        Assert.True(cache.Trust(clock.GetTimestamp() + Ticks(clock, TimeSpan.FromSeconds(1))));
        var session = Session();
        cache.TryAdd(session, cache.Epoch);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotNull(cache.TryGet(session.Id));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.TryGet(session.Id));
        Assert.False(cache.IsTrusted);
        Assert.True(cache.ProofExpired);

        // Nothing is kept while it does not answer.
        var other = Session();
        cache.TryAdd(other, cache.Epoch);
        Assert.Equal(1, cache.Count);

        // A later probe on the same connection proves everything before it arrived: a pause, not a loss.
        Assert.False(cache.Trust(clock.GetTimestamp() + Ticks(clock, TimeSpan.FromSeconds(1))));
        Assert.NotNull(cache.TryGet(session.Id));
        Assert.False(cache.ProofExpired);
    }

    [Fact]
    public void A_proof_that_has_already_run_out_trusts_nothing()
    {
        var clock = new ManualTimeProvider();
        var cache = new LocalSessionCache(TimeSpan.FromMinutes(1), 100, clock);

        Assert.False(cache.Trust(clock.GetTimestamp()));
        Assert.False(cache.IsTrusted);
        Assert.False(cache.ProofExpired);
    }

    [Fact]
    public void A_read_that_overlapped_an_invalidation_is_not_kept()
    {
        var (cache, _) = TrustedCache();
        var session = Session();
        var epoch = cache.Epoch;           // a request starts reading Redis...
        cache.Invalidate([session.Id]);    // ...another node revokes the session meanwhile...
        cache.TryAdd(session, epoch);      // ...and the record read before the revocation arrives late.

        Assert.Null(cache.TryGet(session.Id));
        cache.TryAdd(session, cache.Epoch);
        Assert.NotNull(cache.TryGet(session.Id));
    }

    [Fact]
    public void A_distrusted_cache_forgets_everything_and_keeps_nothing_read_before_trust_returned()
    {
        var (cache, clock) = TrustedCache();
        var session = Session();
        cache.TryAdd(session, cache.Epoch);
        var generation = cache.Generation;

        Assert.True(cache.Distrust());
        Assert.NotEqual(generation, cache.Generation);
        Assert.Null(cache.TryGet(session.Id));
        Assert.Equal(0, cache.Count);
        var epochWhileDistrusted = cache.Epoch;
        cache.TryAdd(session, epochWhileDistrusted);
        Assert.Equal(0, cache.Count);

        Assert.True(cache.Trust(clock.GetTimestamp() + Ticks(clock, TimeSpan.FromHours(1))));
        cache.TryAdd(session, epochWhileDistrusted); // read while invalidations could have been missed
        Assert.Null(cache.TryGet(session.Id));
        cache.TryAdd(session, cache.Epoch);
        Assert.NotNull(cache.TryGet(session.Id));
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_size_and_expired_entries_make_room()
    {
        var (cache, clock) = TrustedCache(capacity: 3, duration: TimeSpan.FromSeconds(5));

        foreach (var session in Enumerable.Range(0, 10).Select(_ => Session()))
        {
            cache.TryAdd(session, cache.Epoch);
        }

        Assert.Equal(3, cache.Count);

        clock.Advance(TimeSpan.FromSeconds(5));
        var later = Session();
        cache.TryAdd(later, cache.Epoch);
        Assert.NotNull(cache.TryGet(later.Id));
        Assert.Equal(1, cache.Count);
    }

    // Trusted for longer than any test runs, so only what a test advances matters.
    private static (LocalSessionCache Cache, ManualTimeProvider Clock) TrustedCache(int capacity = 100, TimeSpan? duration = null)
    {
        var clock = new ManualTimeProvider();
        var cache = new LocalSessionCache(duration ?? TimeSpan.FromMinutes(1), capacity, clock);
        Assert.True(cache.Trust(clock.GetTimestamp() + Ticks(clock, TimeSpan.FromDays(1))));
        return (cache, clock);
    }

    private static long Ticks(TimeProvider clock, TimeSpan span) => LocalSessionCache.Ticks(span, clock);

    private static async Task WaitUntilTrustedAsync(RedisWeb3SessionStore store)
    {
        store.StartConnecting();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (store.LocalCache?.IsTrusted != true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the store's invalidation subscription never worked");
            await Task.Delay(10);
        }
    }

    private RedisWeb3SessionStore Store(string prefix, TimeSpan cacheDuration) => new(
        Options.Create(new RedisWeb3SessionStoreOptions { Configuration = redis.Server.Configuration, KeyPrefix = prefix, LocalCacheDuration = cacheDuration, OperationTimeout = RedisNode.GenerousTimeout }),
        NullLoggerFactory.Instance);

    private Web3Session Session(TimeSpan? lifetime = null) => new()
    {
        Id = RedisNode.NewSessionId(Alice),
        Scheme = "Web3",
        Domain = "localhost",
        Version = 1,
        Address = Alice,
        ChainId = 1,
        TokenHash = new byte[32],
        CreatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)),
        Permissions = [],
    };
}
