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
    public async Task A_validated_session_is_answered_from_memory_until_the_cache_duration_ends()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var store = Store(prefix, TimeSpan.FromMilliseconds(500));
        await WaitUntilTrustedAsync(store);
        var session = Session();
        await store.CreateSessionAsync(session, 50, _time.GetUtcNow(), default);
        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));

        // Deleted behind the store's back, with no invalidation published: only the cache still knows it.
        await (await redis.Server.AdminAsync()).KeyDeleteAsync(prefix + "{Web3|" + Alice.ToLowercaseString() + "}:session:" + session.Id);

        Assert.NotNull(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
        await Task.Delay(600);
        Assert.Null(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
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

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await store.FindSessionAsync(session.Owner, session.Id, _time.GetUtcNow(), default));
    }

    [Fact]
    public void A_read_that_overlapped_an_invalidation_is_not_kept()
    {
        var cache = TrustedCache();
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
        var cache = TrustedCache();
        var session = Session();
        cache.TryAdd(session, cache.Epoch);

        Assert.True(cache.Distrust());
        Assert.Null(cache.TryGet(session.Id));
        Assert.Equal(0, cache.Count);
        var epochWhileDistrusted = cache.Epoch;
        cache.TryAdd(session, epochWhileDistrusted);
        Assert.Equal(0, cache.Count);

        Assert.True(cache.Trust());
        cache.TryAdd(session, epochWhileDistrusted); // read while invalidations could have been missed
        Assert.Null(cache.TryGet(session.Id));
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_size()
    {
        var cache = new LocalSessionCache(TimeSpan.FromMinutes(1), capacity: 3);
        cache.Trust();

        foreach (var session in Enumerable.Range(0, 10).Select(_ => Session()))
        {
            cache.TryAdd(session, cache.Epoch);
        }

        Assert.Equal(3, cache.Count);
    }

    private static LocalSessionCache TrustedCache()
    {
        var cache = new LocalSessionCache(TimeSpan.FromMinutes(1), 100);
        Assert.True(cache.Trust());
        return cache;
    }

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
        _time,
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
