using System.Diagnostics;
using System.Net;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>Each test owns its redis-server, and kills, freezes or restarts it under running app nodes.</summary>
public sealed class RedisFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryPromise = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_redis_fails_every_request_closed_with_503_and_service_resumes_within_5_seconds_of_its_return()
    {
        await using var redis = await RedisServer.StartAsync();
        using var node = new RedisNode(redis.Configuration, RedisFixture.NewPrefix());
        await node.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(501);
        var token = await node.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode); // now cached
        var pending = (string)(await node.Client.ChallengeAsync(wallet))["message"]!;

        await redis.KillAsync();

        // The node notices at once that its cache can no longer be kept honest, and stops using it.
        var failedClosedAfter = await PollAsync(async () => (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(2));
        output.WriteLine($"cached session refused with 503 {failedClosedAfter.TotalMilliseconds:F0} ms after Redis was killed");
        var authenticated = await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token);
        await Web3TestClient.AssertProblemAsync(authenticated, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), authenticated.Headers.RetryAfter?.Delta);
        var signIn = await node.TrySignInAsync(wallet);
        await Web3TestClient.AssertProblemAsync(signIn, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), signIn.Headers.RetryAfter?.Delta);
        await Web3TestClient.AssertProblemAsync(await node.Client.SubmitAsync(pending, wallet.SignPersonalMessage(pending)), HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/auth/web3/session"), (HttpMethod.Get, "/auth/web3/sessions"), (HttpMethod.Delete, "/auth/web3/session") })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await node.Client.SendAsync(method, path, token)).StatusCode);
        }

        await redis.RestartAsync();
        var recoveredAfter = await PollAsync(
            async () => (await node.TrySignInAsync(wallet)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10));
        output.WriteLine($"service resumed {recoveredAfter.TotalMilliseconds:F0} ms after redis-server was started again");
        Assert.True(recoveredAfter < RecoveryPromise, $"recovery took {recoveredAfter.TotalMilliseconds:F0} ms");

        // The new Redis is empty (persistence is off here), so the old session is gone: no node may serve it from memory.
        await Web3TestClient.AssertProblemAsync(await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        var newToken = await node.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", newToken)).StatusCode);

        // Dozens of failed requests, one error line: the outage is logged once per interval.
        var outageLines = node.Logs.Lines.Count(l => l.EventId.Id == 3);
        output.WriteLine($"log lines: {outageLines} store-unavailable, {node.Logs.Lines.Count(l => l.EventId.Id == 100)} connection-lost, {node.Logs.Lines.Count(l => l.EventId.Id == 102)} subscription-lost");
        Assert.Equal(1, outageLines);
    }

    [Fact]
    public async Task A_frozen_redis_answers_503_within_the_operation_timeout_instead_of_hanging()
    {
        await using var redis = await RedisServer.StartAsync();
        var timeout = new RedisWeb3SessionStoreOptions().OperationTimeout; // the default, 1 s
        using var node = new RedisNode(redis.Configuration, RedisFixture.NewPrefix(), o => o.OperationTimeout = timeout);
        await node.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(502);
        var cachedToken = await node.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", cachedToken)).StatusCode);
        var uncachedToken = await node.Client.SignInTokenAsync(wallet, ["profile/read"]);

        await redis.FreezeAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var response = await node.Client.SendAsync(HttpMethod.Get, "/api/profile", uncachedToken);
            var waited = clock.Elapsed;
            output.WriteLine($"request against a frozen Redis answered {(int)response.StatusCode} after {waited.TotalMilliseconds:F0} ms");
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
            Assert.True(waited >= timeout * 0.9 && waited < timeout + TimeSpan.FromSeconds(1.5), $"waited {waited.TotalMilliseconds:F0} ms");

            // Its probes go unanswered, so within a check interval the node stops answering from memory too.
            var distrustedAfter = await PollAsync(async () => (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", cachedToken)).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));
            output.WriteLine($"cached session refused {distrustedAfter.TotalMilliseconds:F0} ms later");
            Assert.True(distrustedAfter < TimeSpan.FromSeconds(3), $"the node trusted its cache for {distrustedAfter.TotalMilliseconds:F0} ms");
        }
        finally
        {
            await redis.ThawAsync();
        }

        var recoveredAfter = await PollAsync(async () => (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", uncachedToken)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        output.WriteLine($"resumed {recoveredAfter.TotalMilliseconds:F0} ms after the thaw");
        Assert.True(recoveredAfter < RecoveryPromise);
    }

    [Fact]
    public async Task A_node_whose_subscription_was_cut_does_not_accept_a_session_revoked_meanwhile()
    {
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisFixture.NewPrefix();
        using var a = new RedisNode(redis.Configuration, prefix);
        using var b = new RedisNode(redis.Configuration, prefix);
        await a.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(503);
        var token = await a.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal(1, a.Store.LocalCache!.Count);
        var sessionId = (string)(await Web3TestClient.ReadObjectAsync(await a.Client.SendAsync(HttpMethod.Get, "/auth/web3/session", token)))["sessionId"]!;
        var keys = new RedisKeyLayout(prefix);
        var owner = new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, wallet.Address);

        // One transaction cuts every subscriber's connection and then revokes the session with the store's own
        // script, so its invalidation is published while nobody listens: A can never hear of it.
        var transaction = (await redis.AdminAsync()).CreateTransaction();
        _ = transaction.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        _ = transaction.ScriptEvaluateAsync(
            RedisScripts.RemoveSession,
            [keys.Sessions(owner), keys.Session(owner, sessionId)],
            [sessionId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), keys.InvalidationChannelName, InvalidationMessage.ForSessions([sessionId])]);
        Assert.True(await transaction.ExecuteAsync());

        // A's next request, once its socket has reported the cut (well under a millisecond on loopback), reads Redis.
        await Task.Delay(50);
        await Web3TestClient.AssertProblemAsync(await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);

        // Once its subscription is back and vouched for, A caches again and hears revocations again.
        await a.WaitForTrustedCacheAsync();
        var next = await a.Client.SignInTokenAsync(TestWallet.FromSeed(504), ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", next)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", next)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await a.Client.SendAsync(HttpMethod.Get, "/api/profile", next), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task An_app_started_while_redis_is_down_answers_503_and_serves_within_5_seconds_of_redis_starting()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.KillAsync();
        using var node = new RedisNode(redis.Configuration, RedisFixture.NewPrefix());
        var wallet = TestWallet.FromSeed(505);

        await Web3TestClient.AssertProblemAsync(await node.TrySignInAsync(wallet), HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);

        await redis.RestartAsync();
        var recoveredAfter = await PollAsync(
            async () => (await node.TrySignInAsync(wallet)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10));
        output.WriteLine($"first sign-in served {recoveredAfter.TotalMilliseconds:F0} ms after redis-server started");
        Assert.True(recoveredAfter < RecoveryPromise);
        var token = await node.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);

        // Its invalidation subscription, which could not be made at start, is made and proved too.
        await node.WaitForTrustedCacheAsync();
    }

    // Repeats a check until it holds; returns how long that took (or the limit, which the caller's assertion reports).
    private static async Task<TimeSpan> PollAsync(Func<Task<bool>> check, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await check())
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"still not so after {limit.TotalSeconds} s");
        return clock.Elapsed;
    }
}
