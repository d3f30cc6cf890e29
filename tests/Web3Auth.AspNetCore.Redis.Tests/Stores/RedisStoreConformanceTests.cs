using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore.Tests.Stores;

namespace Web3Auth.AspNetCore.Redis.Tests.Stores;

/// <summary>The store conformance suite against a real Redis, with each node's local cache on (the default).</summary>
public class RedisStoreConformanceTests(RedisFixture redis) : Web3SessionStoreConformanceTests, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly List<RedisWeb3SessionStore> _stores = [];

    protected virtual TimeSpan LocalCacheDuration => TimeSpan.FromSeconds(5);

    protected override IWeb3SessionStore CreateStore()
    {
        var store = new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions
            {
                Configuration = redis.Server.Configuration,
                KeyPrefix = RedisFixture.NewPrefix(),
                LocalCacheDuration = LocalCacheDuration,
                OperationTimeout = RedisNode.GenerousTimeout,
            }),
            NullLoggerFactory.Instance);
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}

/// <summary>The races through the HTTP API, over two nodes on one Redis, each with its local cache on (the harder case).</summary>
public sealed class RedisStoreRaceConformanceTests(RedisFixture redis) : Web3SessionRaceConformanceTests, IClassFixture<RedisFixture>
{
    private readonly List<RedisWeb3SessionStore> _stores = [];

    protected override IReadOnlyList<IWeb3SessionStore> CreateNodes()
    {
        var prefix = RedisFixture.NewPrefix();
        var nodes = Enumerable.Range(0, 2).Select(_ => new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions
            {
                Configuration = redis.Server.Configuration, KeyPrefix = prefix, OperationTimeout = RedisNode.GenerousTimeout, LocalCacheDuration = TimeSpan.FromSeconds(5),
            }),
            NullLoggerFactory.Instance)).ToArray();
        _stores.AddRange(nodes);
        return nodes;
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>The same suite with the local cache off: every read goes to Redis.</summary>
public class RedisStoreWithoutLocalCacheConformanceTests(RedisFixture redis) : RedisStoreConformanceTests(redis)
{
    protected override TimeSpan LocalCacheDuration => TimeSpan.Zero;
}
