using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>One Redis Cluster (3 primaries, 3 replicas, real redis-server processes) shared by the tests of a class.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private RedisCluster? _cluster;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
