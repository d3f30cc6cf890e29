using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Web3Auth.Siwe;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests.Stores;

/// <summary>What the store leaves in Redis: under its prefix only, with owner lists that cannot grow without bound.</summary>
public sealed class RedisStoreLayoutTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly EthereumAddress Alice = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly List<RedisWeb3SessionStore> _stores = [];

    private const string Scheme = "Web3";
    private static readonly Web3SessionOwner AliceOwner = new(Scheme, Alice);

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public async Task Two_apps_with_different_key_prefixes_never_see_each_others_nonces_sessions_or_revocations()
    {
        var (first, firstPrefix) = Store();
        var (second, secondPrefix) = Store();
        var session = Session(Alice, TimeSpan.FromHours(1));
        await first.CreateSessionAsync(session, 50, Now, default);
        Assert.True(await first.TryUseOnceAsync(Scheme, "nonce:nonceIsolated01", Now.AddMinutes(5), Now, default));

        Assert.Null(await second.FindSessionAsync(AliceOwner, session.Id, Now, default));
        Assert.Empty(await second.ListSessionsAsync(AliceOwner, Now, default));
        Assert.True(await second.TryUseOnceAsync(Scheme, "nonce:nonceIsolated01", Now.AddMinutes(5), Now, default));
        Assert.Equal(0, await second.RemoveAllSessionsAsync(AliceOwner, Now, default));
        Assert.False(await second.RemoveSessionAsync(AliceOwner, session.Id, Now, default));

        Assert.NotNull(await first.FindSessionAsync(AliceOwner, session.Id, Now, default));
        var keys = await KeysAsync(firstPrefix + "*");
        Assert.Equal(3, keys.Length); // the session, its owner's list and the used nonce
        Assert.All(keys, k => Assert.StartsWith(firstPrefix, k, StringComparison.Ordinal));
        Assert.All(await KeysAsync(secondPrefix + "*"), k => Assert.Contains(":nonce:", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_owners_keys_share_one_hash_tag_and_its_list_expires_with_its_longest_lived_session()
    {
        var (store, prefix) = Store();
        var shortLived = Session(Alice, TimeSpan.FromMinutes(1));
        var longLived = Session(Alice, TimeSpan.FromHours(1));
        await store.CreateSessionAsync(shortLived, 50, Now, default);
        await store.CreateSessionAsync(longLived, 50, Now, default);

        _time.Advance(TimeSpan.FromMinutes(2));
        var later = Session(Alice, TimeSpan.FromMinutes(30));
        await store.CreateSessionAsync(later, 50, Now, default);

        var db = await redis.Server.AdminAsync();
        var tag = prefix + "{Web3|" + Alice.ToLowercaseString() + "}";
        var list = (RedisKey)(tag + ":sessions");
        Assert.Equal(new[] { later.Id, longLived.Id }, (await db.SortedSetRangeByRankAsync(list)).Select(v => (string)v!));
        var listTtl = (await db.KeyTimeToLiveAsync(list))!.Value;
        Assert.InRange(listTtl, TimeSpan.FromMinutes(57), TimeSpan.FromMinutes(58)); // 1 h minus the 2 min that passed
        var sessionTtl = (await db.KeyTimeToLiveAsync(tag + ":session:" + later.Id))!.Value;
        Assert.InRange(sessionTtl, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        Assert.Equal(2, await store.RemoveAllSessionsAsync(AliceOwner, Now, default));
        // Left: the expired record only, which Redis forgets by its own TTL (this test's clock ran ahead of Redis's).
        Assert.Equal([tag + ":session:" + shortLived.Id], await KeysAsync(prefix + "*"));
        Assert.Null(await store.FindSessionAsync(AliceOwner, shortLived.Id, Now, default));
    }

    [Fact]
    public async Task A_session_costs_well_under_a_kilobyte_of_redis_memory()
    {
        var (store, prefix) = Store();
        var db = await redis.Server.AdminAsync();
        var session = Session(Alice, TimeSpan.FromDays(7));
        await store.CreateSessionAsync(session, 50, Now, default);
        await store.TryUseOnceAsync(Scheme, "nonce:nonceMeasured0123456", Now.AddMinutes(5), Now, default);
        // The shape of a DPoP replay record: "dpop:" and 43 base64url characters.
        var proofKey = "dpop:" + new string('P', 43);
        await store.TryUseOnceAsync(Scheme, proofKey, Now.AddMinutes(2), Now, default);

        var tag = prefix + "{Web3|" + Alice.ToLowercaseString() + "}";
        var sessionBytes = await MemoryUsageAsync(db, tag + ":session:" + session.Id);
        var listBytes = await MemoryUsageAsync(db, tag + ":sessions");
        var nonceBytes = await MemoryUsageAsync(db, prefix + "Web3:nonce:nonceMeasured0123456");
        var proofBytes = await MemoryUsageAsync(db, prefix + "Web3:" + proofKey);

        // Many sessions, each of its own address (the worst case: one list per session), measured as a whole.
        const int Count = 2000;
        var before = await UsedMemoryAsync(db);
        await Task.WhenAll(Enumerable.Range(0, Count).Select(i => store.CreateSessionAsync(Session(TestWallet.FromSeed(10_000 + i).Address, TimeSpan.FromDays(7)), 50, Now, default)));
        var perSession = (await UsedMemoryAsync(db) - before) / (double)Count;

        output.WriteLine($"MEMORY USAGE: session record {sessionBytes} B, owner list with one member {listBytes} B, used nonce {nonceBytes} B, used DPoP proof {proofBytes} B");
        output.WriteLine($"used_memory grew {perSession:F0} B per session over {Count} sessions of distinct addresses (record + list)");
        Assert.InRange(sessionBytes, 1, 1024);
        Assert.InRange(nonceBytes, 1, 200);
        Assert.InRange(proofBytes, 1, 200);
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
            Id = RedisNode.NewSessionId(address),
            Scheme = Scheme,
            Domain = "app.example.com",
            Version = 1,
            Address = address,
            ChainId = 1,
            TokenHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            Permissions = new[] { "profile/read", "profile/write", "notes/read", "notes/write" }.Select(p => new Web3SessionPermission(p, now + lifetime)).ToArray(),
            ClientHint = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        };
    }
}
