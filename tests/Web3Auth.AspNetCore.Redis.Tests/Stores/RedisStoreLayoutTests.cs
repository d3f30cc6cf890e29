using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Web3Auth.Siwe;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests.Stores;

/// <summary>What the store leaves in Redis: under its prefix only, with indexes that cannot grow without bound.</summary>
public sealed class RedisStoreLayoutTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly EthereumAddress Alice = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<RedisWeb3SessionStore> _stores = [];

    [Fact]
    public async Task Two_apps_with_different_key_prefixes_never_see_each_others_nonces_sessions_or_revocations()
    {
        var (first, firstPrefix) = Store();
        var (second, secondPrefix) = Store();
        var session = Session(Alice, TimeSpan.FromHours(1));
        await first.CreateSessionAsync(session, default);
        await first.SaveChallengeAsync(Challenge("nonceIsolated01"), default);

        Assert.Null(await second.FindSessionAsync(session.Id, default));
        Assert.Empty(await second.ListSessionsAsync(Alice, default));
        Assert.Null(await second.FindChallengeAsync("nonceIsolated01", default));
        Assert.False(await second.TryConsumeChallengeAsync("nonceIsolated01", default));
        Assert.Equal(0, await second.RemoveAllSessionsAsync(Alice, default));
        Assert.False(await second.RemoveSessionAsync(session.Id, default));

        Assert.NotNull(await first.FindSessionAsync(session.Id, default));
        Assert.True(await first.TryConsumeChallengeAsync("nonceIsolated01", default));
        var keys = await KeysAsync(firstPrefix + "*");
        Assert.Equal(2, keys.Length); // the session and its address index
        Assert.All(keys, k => Assert.StartsWith(firstPrefix, k, StringComparison.Ordinal));
        Assert.Empty(await KeysAsync(secondPrefix + "*"));
    }

    [Fact]
    public async Task The_address_index_drops_expired_sessions_and_expires_with_its_longest_lived_session()
    {
        var (store, prefix) = Store();
        var shortLived = Session(Alice, TimeSpan.FromMinutes(1));
        var longLived = Session(Alice, TimeSpan.FromHours(1));
        await store.CreateSessionAsync(shortLived, default);
        await store.CreateSessionAsync(longLived, default);

        _time.Advance(TimeSpan.FromMinutes(2));
        var later = Session(Alice, TimeSpan.FromMinutes(30));
        await store.CreateSessionAsync(later, default);

        var db = await redis.Server.AdminAsync();
        var index = (RedisKey)(prefix + "address:" + Alice.ToLowercaseString());
        Assert.Equal(new[] { later.Id, longLived.Id }, (await db.SortedSetRangeByRankAsync(index)).Select(v => (string)v!));
        var indexTtl = (await db.KeyTimeToLiveAsync(index))!.Value;
        Assert.InRange(indexTtl, TimeSpan.FromMinutes(57), TimeSpan.FromMinutes(58)); // 1 h minus the 2 min that passed
        var sessionTtl = (await db.KeyTimeToLiveAsync(prefix + "session:" + later.Id))!.Value;
        Assert.InRange(sessionTtl, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        Assert.Equal(2, await store.RemoveAllSessionsAsync(Alice, default));
        // Left: the expired record only, which Redis forgets by its own TTL (this test's clock ran ahead of Redis's).
        Assert.Equal([prefix + "session:" + shortLived.Id], await KeysAsync(prefix + "*"));
        Assert.Null(await store.FindSessionAsync(shortLived.Id, default));
    }

    [Fact]
    public async Task A_session_costs_well_under_a_kilobyte_of_redis_memory()
    {
        var (store, prefix) = Store();
        var db = await redis.Server.AdminAsync();
        var session = Session(Alice, TimeSpan.FromDays(7));
        await store.CreateSessionAsync(session, default);
        await store.SaveChallengeAsync(Challenge("nonceMeasured01", message: new string('m', 560)), default);

        var sessionBytes = await MemoryUsageAsync(db, prefix + "session:" + session.Id);
        var indexBytes = await MemoryUsageAsync(db, prefix + "address:" + Alice.ToLowercaseString());
        var challengeBytes = await MemoryUsageAsync(db, prefix + "challenge:nonceMeasured01");

        // Many sessions, each of its own address (the worst case: one index per session), measured as a whole.
        const int Count = 2000;
        var before = await UsedMemoryAsync(db);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => store.CreateSessionAsync(Session(TestWallet.FromSeed(10_000 + i).Address, TimeSpan.FromDays(7)), default)));
        var perSession = (await UsedMemoryAsync(db) - before) / (double)Count;

        output.WriteLine($"MEMORY USAGE: session record {sessionBytes} B, address index with one member {indexBytes} B, pending challenge (560-char message) {challengeBytes} B");
        output.WriteLine($"used_memory grew {perSession:F0} B per session over {Count} sessions of distinct addresses (record + index)");
        Assert.InRange(sessionBytes, 1, 1024);
        Assert.InRange(perSession, 1, 2048);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private (RedisWeb3SessionStore Store, string Prefix) Store()
    {
        var prefix = RedisFixture.NewPrefix();
        var store = new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions { Configuration = redis.Server.Configuration, KeyPrefix = prefix, OperationTimeout = RedisNode.GenerousTimeout }),
            _time,
            NullLoggerFactory.Instance);
        _stores.Add(store);
        return (store, prefix);
    }

    private async Task<string[]> KeysAsync(string pattern)
    {
        var db = await redis.Server.AdminAsync();
        return ((RedisResult[])(await db.ExecuteAsync("KEYS", pattern))!).Select(k => (string)k!).ToArray();
    }

    private static async Task<long> MemoryUsageAsync(IDatabase db, string key) => (long)(await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));

    private static async Task<long> UsedMemoryAsync(IDatabase db)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "memory"))!;
        var line = info.Split('\n').Single(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private Web3Session Session(EthereumAddress address, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        return new Web3Session
        {
            Id = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            Address = address,
            ChainId = 1,
            TokenHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            Permissions = new[] { "profile/read", "profile/write", "notes/read", "notes/write" }.Select(p => new Web3SessionPermission(p, now + lifetime)).ToArray(),
            ClientHint = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        };
    }

    private Web3Challenge Challenge(string nonce, string? message = null) => new()
    {
        Nonce = nonce,
        Message = message ?? "message for " + nonce,
        Address = Alice,
        ChainId = 1,
        Permissions = [new Web3SessionPermission("profile/read", _time.GetUtcNow().AddHours(1))],
        SessionExpiresAt = _time.GetUtcNow().AddHours(1),
        ExpiresAt = _time.GetUtcNow().AddMinutes(5),
    };
}
