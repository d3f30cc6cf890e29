using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>
/// Two sites on one Redis with the default key prefix share nothing they should not; and an anonymous flood of
/// sign-in messages stores nothing, so it can neither evict, hide nor block a session.
/// </summary>
public sealed class SiteIsolationAndFloodTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_sites_on_one_redis_with_the_default_prefix_do_not_accept_each_others_sessions()
    {
        await using var redis = await RedisServer.StartAsync();
        using var a = new RedisNode(redis.Configuration, "web3auth:", configureScheme: o => o.Domain = "a.example.com");
        using var b = new RedisNode(redis.Configuration, "web3auth:", configureScheme: o => o.Domain = "b.example.com");
        var wallet = TestWallet.FromSeed(980);
        var tokenA = await a.Client.SignInTokenAsync(wallet, ["profile/read"]);
        var tokenB = await b.Client.SignInTokenAsync(wallet, ["profile/read"]);

        await Web3TestClient.AssertProblemAsync(await b.Client.SendAsync(HttpMethod.Get, "/api/profile", tokenA), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await Web3TestClient.AssertProblemAsync(await a.Client.SendAsync(HttpMethod.Get, "/api/profile", tokenB), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", tokenA)).StatusCode);

        // A's sign-in message is not B's either: it names A's domain.
        var message = (string)(await a.Client.ChallengeAsync(wallet))["message"]!;
        await Web3TestClient.AssertProblemAsync(await b.Client.SubmitAsync(message, wallet.SignPersonalMessage(message)), HttpStatusCode.Unauthorized, Web3ErrorCodes.DomainMismatch);
    }

    /// <summary>
    /// 100,000 anonymous sign-in message requests (bounded loop on loopback, in process): Redis holds exactly the keys
    /// it held before, its memory does not grow, a victim's idle session still works, and "sign out everywhere" still
    /// ends a stolen one.
    /// </summary>
    [Fact]
    public async Task An_anonymous_flood_of_sign_in_messages_stores_nothing_and_loses_no_session()
    {
        const int Requests = 100_000;
        await using var redis = await RedisServer.StartAsync();
        using var node = new RedisNode(redis.Configuration, "web3auth:");
        var victim = TestWallet.FromSeed(981);
        var idle = await node.Client.SignInTokenAsync(victim, ["profile/read"]);
        var stolen = await node.Client.SignInTokenAsync(victim, ["profile/read"]);
        var db = await redis.AdminAsync();
        var keysBefore = (long)await db.ExecuteAsync("DBSIZE");
        var redisBefore = await UsedMemoryAsync(db);
        GC.Collect();
        var processBefore = Process.GetCurrentProcess().WorkingSet64;

        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < Requests)
            {
                var address = "0x" + Convert.ToHexString(BitConverter.GetBytes(next)).PadLeft(40, '1').ToLowerInvariant();
                using var response = await node.Client.PostJsonAsync("/auth/web3/challenge", new { address });
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        var keysAfter = (long)await db.ExecuteAsync("DBSIZE");
        var redisAfter = await UsedMemoryAsync(db);
        GC.Collect();
        var processAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Requests} sign-in messages: redis keys {keysBefore} -> {keysAfter}, used_memory {redisBefore} -> {redisAfter} B, test process working set {processBefore / 1048576} -> {processAfter / 1048576} MiB"));

        Assert.Equal(0, failures);
        Assert.Equal(keysBefore, keysAfter);
        Assert.InRange(redisAfter - redisBefore, long.MinValue, 64 * 1024); // allocator noise only
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", idle)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await node.Client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", idle)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await node.Client.SendAsync(HttpMethod.Get, "/api/profile", stolen), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    private static async Task<long> UsedMemoryAsync(IDatabase db)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "memory"))!;
        var line = info.Split('\n').Single(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
