using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore.Tests.Stores;

namespace Web3Auth.AspNetCore.Redis.Tests.Stores;

/// <summary>The store conformance suite on a real Redis Cluster (3 primaries, 3 replicas), local cache on.</summary>
public class RedisClusterConformanceTests(RedisClusterFixture redis) : Web3SessionStoreConformanceTests, IClassFixture<RedisClusterFixture>, IAsyncLifetime
{
    private readonly List<RedisWeb3SessionStore> _stores = [];

    protected virtual TimeSpan LocalCacheDuration => TimeSpan.FromSeconds(5);

    protected override IWeb3SessionStore CreateStore()
    {
        var store = new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions
            {
                Configuration = redis.Cluster.Configuration,
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

/// <summary>The same suite on the Cluster with the local cache off.</summary>
public sealed class RedisClusterWithoutLocalCacheConformanceTests(RedisClusterFixture redis) : RedisClusterConformanceTests(redis)
{
    protected override TimeSpan LocalCacheDuration => TimeSpan.Zero;
}

/// <summary>The races through the HTTP API over two nodes on the Cluster, each with its local cache on: invalidations cross the cluster bus.</summary>
public sealed class RedisClusterRaceConformanceTests(RedisClusterFixture redis) : Web3SessionRaceConformanceTests, IClassFixture<RedisClusterFixture>
{
    private readonly List<RedisWeb3SessionStore> _stores = [];

    protected override IReadOnlyList<IWeb3SessionStore> CreateNodes()
    {
        var prefix = RedisFixture.NewPrefix();
        var nodes = Enumerable.Range(0, 2).Select(_ => new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions
            {
                Configuration = redis.Cluster.Configuration, KeyPrefix = prefix, OperationTimeout = RedisNode.GenerousTimeout, LocalCacheDuration = TimeSpan.FromSeconds(5),
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
