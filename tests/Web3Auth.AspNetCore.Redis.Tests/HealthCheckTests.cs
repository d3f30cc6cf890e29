using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary><c>AddHealthChecks().AddWeb3SessionStore()</c>: what it reports for each state of the store, and what it never says.</summary>
public sealed class HealthCheckTests
{
    private const string Password = "health-passw0rd";

    [Fact]
    public async Task A_reachable_redis_is_healthy_with_its_latency()
    {
        await using var redis = await RedisServer.StartAsync(Password);
        using var node = Node(redis.Configuration);
        await node.WaitForTrustedCacheAsync();

        var report = await CheckAsync(node);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.StartsWith("Redis answered a PING in", report.Description, StringComparison.Ordinal);
        Assert.Equal("trusted", report.Data["local_cache"]);
        Assert.Contains("latency_ms", report.Data.Keys);
    }

    [Fact]
    public async Task A_killed_redis_is_unhealthy_with_the_reason_and_never_the_password()
    {
        await using var redis = await RedisServer.StartAsync(Password);
        using var node = Node(redis.Configuration);
        await node.WaitForTrustedCacheAsync();

        await redis.KillAsync();
        var report = await CheckAsync(node);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("Redis cannot be reached", report.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, report.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, string.Join(" ", report.Data.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frozen_redis_is_unhealthy_after_the_operation_timeout_and_the_failure_status_is_the_apps()
    {
        await using var redis = await RedisServer.StartAsync();
        using var node = Node(redis.Configuration, o => o.OperationTimeout = TimeSpan.FromMilliseconds(300), HealthStatus.Degraded);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(node)).Status);

        await redis.FreezeAsync();
        try
        {
            var report = await CheckAsync(node);

            Assert.Equal(HealthStatus.Degraded, report.Status); // the registration's failure status
            Assert.Equal("Redis did not answer within the operation timeout (300 ms).", report.Description);
        }
        finally
        {
            await redis.ThawAsync();
        }
    }

    [Fact]
    public async Task A_local_cache_whose_subscription_is_not_confirmed_is_degraded()
    {
        await using var redis = await RedisServer.StartAsync();
        // Probes every 30 s: once distrusted, the cache stays so for the length of this test.
        using var node = Node(redis.Configuration, o => o.SubscriptionCheckInterval = TimeSpan.FromMinutes(1));
        await node.WaitForTrustedCacheAsync();

        node.Store.LocalCache!.Distrust();
        var report = await CheckAsync(node);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("the invalidation subscription is not confirmed", report.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_store_is_checked_by_one_read()
    {
        using var app = new Web3AppFactory { ConfigureServices = services => services.AddHealthChecks().AddWeb3SessionStore() };
        using var client = app.CreateWeb3Client();

        var report = (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["web3-session-store"];

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("DistributedCacheWeb3SessionStore", report.Data["store"]);
    }

    private static RedisNode Node(string configuration, Action<RedisWeb3SessionStoreOptions>? configure = null, HealthStatus? failureStatus = null) =>
        new(configuration, RedisFixture.NewPrefix(), configure, services: services => services.AddHealthChecks().AddWeb3SessionStore(failureStatus: failureStatus));

    private static async Task<HealthReportEntry> CheckAsync(RedisNode node) =>
        (await node.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["web3-session-store"];
}
