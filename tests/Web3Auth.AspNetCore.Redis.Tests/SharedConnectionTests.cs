using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>An app that already uses Microsoft's Redis cache (<c>AddStackExchangeRedisCache</c>) and the store on one connection.</summary>
public sealed class SharedConnectionTests : IAsyncLifetime
{
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    [Fact]
    public async Task The_apps_redis_cache_lends_its_connection_to_the_store_and_both_work_on_one_multiplexer()
    {
        var clientName = "shared-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await Redis.AdminAsync();
        var clientsBefore = await ClientNamesAsync(admin);
        var connection = new Lazy<Task<IConnectionMultiplexer>>(async () =>
        {
            var options = ConfigurationOptions.Parse(Redis.Configuration + ",abortConnect=false,name=" + clientName);
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return await ConnectionMultiplexer.ConnectAsync(options);
        });
        var factories = 0;
        var logs = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            DataProtection = RedisNode.SharedKeys,
            ConfigureServices = services =>
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                services.AddStackExchangeRedisCache(o => o.ConnectionMultiplexerFactory = () =>
                {
                    Interlocked.Increment(ref factories);
                    return connection.Value;
                });
                new AuthenticationBuilder(services).AddRedisStore(o =>
                {
                    o.ConnectionMultiplexerFactory = () =>
                    {
                        Interlocked.Increment(ref factories);
                        return connection.Value;
                    };
                    o.LocalCacheDuration = TimeSpan.FromSeconds(5);
                    o.KeyPrefix = RedisFixture.NewPrefix();
                    o.OperationTimeout = RedisNode.GenerousTimeout;
                });
            },
        };
        using var client = app.CreateWeb3Client();
        var cache = app.Services.GetRequiredService<IDistributedCache>();
        Assert.IsAssignableFrom<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache>(cache);

        await cache.SetStringAsync("app-page", "cached by the app");
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(801), ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal("cached by the app", await cache.GetStringAsync("app-page"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (app.Services.GetRequiredService<RedisWeb3SessionStore>().LocalCache?.IsTrusted != true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the store's invalidation subscription never worked on the lent connection");
            await Task.Delay(10);
        }

        // Both asked for the connection, one multiplexer answered: every new client connection is that multiplexer's
        // (its interactive and its subscription connection), and the store logged no warning about the cache.
        Assert.True(factories >= 2, $"the factory was asked {factories} times");
        Assert.True(connection.IsValueCreated);
        var newClients = (await ClientNamesAsync(admin)).Except(clientsBefore).ToList();
        Assert.NotEmpty(newClients);
        Assert.All(newClients, c => Assert.Equal(clientName, c.Name));
        Assert.Equal(2, newClients.Count);
        Assert.DoesNotContain(logs.Lines, l => l.EventId.Id == 20);
    }

    [Fact]
    public void The_default_store_over_a_shared_redis_cache_warns_at_start_and_points_to_AddRedisStore()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            ConfigureServices = services =>
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
                services.AddStackExchangeRedisCache(o => o.Configuration = Redis.Configuration);
            },
        };
        using var client = app.CreateWeb3Client();

        var warning = Assert.Single(logs.Lines, l => l.EventId.Id == 20);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("no atomic single use across nodes", warning.Text, StringComparison.Ordinal);
        Assert.Contains("AddRedisStore", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_store_over_a_memory_cache_does_not_warn()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new Web3AppFactory { ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs) };
        using var client = app.CreateWeb3Client();

        Assert.DoesNotContain(logs.Lines, l => l.EventId.Id == 20);
    }

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private static async Task<List<(long Id, string Name)>> ClientNamesAsync(IDatabase admin)
    {
        var list = (string)(await admin.ExecuteAsync("CLIENT", "LIST"))!;
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(field => field.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]))
            .Select(fields => (long.Parse(fields["id"], System.Globalization.CultureInfo.InvariantCulture), fields["name"]))
            .ToList();
    }
}
