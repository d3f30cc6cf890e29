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
        var frozen = Stopwatch.StartNew(); // every probe that ever comes back was sent before this
        try
        {
            var clock = Stopwatch.StartNew();
            var response = await node.Client.SendAsync(HttpMethod.Get, "/api/profile", uncachedToken);
            var waited = clock.Elapsed;
            output.WriteLine($"request against a frozen Redis answered {(int)response.StatusCode} after {waited.TotalMilliseconds:F0} ms");
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
            Assert.True(waited >= timeout * 0.9 && waited < timeout + TimeSpan.FromSeconds(1.5), $"waited {waited.TotalMilliseconds:F0} ms");

            // Its probes go unanswered, and the node learns of nothing else (the sockets stay open): one check
            // interval after the freeze its last proof has run out, so from then on it answers nothing from memory.
            var interval = new RedisWeb3SessionStoreOptions().SubscriptionCheckInterval;
            while (frozen.Elapsed < interval)
            {
                await Task.Delay(interval - frozen.Elapsed); // the deadline itself is the condition: no hope involved
            }

            Assert.False(node.Store.LocalCache!.IsTrusted);
            var sentAfter = frozen.Elapsed;
            var cached = await node.Client.SendAsync(HttpMethod.Get, "/api/profile", cachedToken);
            output.WriteLine($"cached session refused with {(int)cached.StatusCode} by a request sent {sentAfter.TotalMilliseconds:F0} ms after the freeze");
            await Web3TestClient.AssertProblemAsync(cached, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        }
        finally
        {
            await redis.ThawAsync();
        }

        var recoveredAfter = await PollAsync(async () => (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", uncachedToken)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        output.WriteLine($"resumed {recoveredAfter.TotalMilliseconds:F0} ms after the thaw");
        Assert.True(recoveredAfter < RecoveryPromise);
    }

    /// <summary>
    /// Why the store keeps its own deadline although StackExchange.Redis 2.x has <c>asyncTimeout</c>: the client checks
    /// that timeout only on its heartbeat, so a short timeout fires late (measured here: 0.7–6 s for a 200 ms
    /// <c>asyncTimeout</c>). The store answers 503 at its operation timeout, or sooner once the client has given the
    /// connection up.
    /// </summary>
    [Fact]
    public async Task A_frozen_redis_answers_503_at_an_operation_timeout_shorter_than_the_clients_heartbeat()
    {
        await using var redis = await RedisServer.StartAsync();
        var timeout = TimeSpan.FromMilliseconds(200);
        using var node = new RedisNode(redis.Configuration, RedisFixture.NewPrefix(), o =>
        {
            o.OperationTimeout = timeout;
            o.LocalCacheDuration = TimeSpan.Zero;
        });
        var token = await node.Client.SignInTokenAsync(TestWallet.FromSeed(506), ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        using var bare = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",asyncTimeout=200");
        await bare.GetDatabase().PingAsync();

        await redis.FreezeAsync();
        var store = new List<double>();
        var client = new List<double>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var clock = Stopwatch.StartNew();
                var response = await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token);
                store.Add(clock.Elapsed.TotalMilliseconds);
                await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);

                clock.Restart();
                await Assert.ThrowsAsync<StackExchange.Redis.RedisTimeoutException>(() => bare.GetDatabase().StringGetAsync("web3auth-test:frozen"));
                client.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            await redis.ThawAsync();
        }

        output.WriteLine($"frozen Redis, 200 ms timeouts: the store answered 503 after {string.Join(", ", store.Select(ms => ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms; "
            + $"StackExchange.Redis's own asyncTimeout fired after {string.Join(", ", client.Select(ms => ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        // At the timeout, or sooner once the client has given the frozen connection up (then it fails fast).
        Assert.All(store, ms => Assert.InRange(ms, 0, 700));
    }

    /// <summary>
    /// The default configuration (no local cache) a hundred times over: every cut of the pub/sub connections comes with
    /// a revocation published to nobody, and the very next request — sent at once, no pause — is refused every time.
    /// </summary>
    [Fact]
    public async Task By_default_a_revocation_published_while_every_subscription_is_cut_is_refused_by_the_very_next_request()
    {
        const int Cuts = 100;
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisFixture.NewPrefix();
        using var a = new RedisNode(redis.Configuration, prefix, o => o.LocalCacheDuration = new RedisWeb3SessionStoreOptions().LocalCacheDuration);
        Assert.Null(a.Store.LocalCache);
        var keys = new RedisKeyLayout(prefix);
        var admin = await redis.AdminAsync();
        var stale = 0;
        for (var cut = 0; cut < Cuts; cut++)
        {
            var wallet = TestWallet.FromSeed(20_000 + cut);
            var owner = new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, wallet.Address);
            var token = await a.Client.SignInTokenAsync(wallet, ["profile/read"]);
            Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
            var sessionId = token.Split('.')[0];

            var transaction = admin.CreateTransaction();
            _ = transaction.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            _ = transaction.ScriptEvaluateAsync(
                RedisScripts.RemoveSession,
                [keys.Sessions(owner), keys.Session(owner, sessionId)],
                [sessionId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), keys.InvalidationChannelName, InvalidationMessage.ForSessions([sessionId])]);
            Assert.True(await transaction.ExecuteAsync());

            stale += (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        output.WriteLine($"{Cuts} cuts with the default configuration: {stale} revoked sessions accepted");
        Assert.Equal(0, stale);
    }

    /// <summary>
    /// What docs/redis.md claims for a cut subscription, a hundred times over: once the node has learned of the cut
    /// it accepts nothing revoked meanwhile; before it has, its cache answers for at most one check interval after
    /// the cut (its last proof travelled before the cut). Each request is sent at once, with no pause for the node
    /// to catch up, and classed by what the node had observably learned when it was sent.
    /// </summary>
    [Fact]
    public async Task A_node_whose_subscription_was_cut_accepts_no_session_revoked_meanwhile_once_it_has_learned_of_the_cut()
    {
        const int Cuts = 100;
        var interval = TimeSpan.FromMilliseconds(100);
        await using var redis = await RedisServer.StartAsync();
        var prefix = RedisFixture.NewPrefix();
        using var a = new RedisNode(redis.Configuration, prefix, o => o.SubscriptionCheckInterval = interval);
        using var b = new RedisNode(redis.Configuration, prefix);
        var cache = a.Store.LocalCache!;
        var keys = new RedisKeyLayout(prefix);
        var admin = await redis.AdminAsync();
        var clock = Stopwatch.StartNew();
        int acceptedAfterLearning = 0, acceptedBeforeLearning = 0, firstRequestAccepted = 0, requests = 0;
        var learnedAfter = new List<TimeSpan>();
        var latestAcceptance = TimeSpan.Zero;

        for (var cut = 0; cut < Cuts; cut++)
        {
            await a.WaitForTrustedCacheAsync();
            var wallet = TestWallet.FromSeed(10_000 + cut);
            var owner = new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, wallet.Address);
            var token = await a.Client.SignInTokenAsync(wallet, ["profile/read"]);
            var sessionId = (string)(await Web3TestClient.ReadObjectAsync(await a.Client.SendAsync(HttpMethod.Get, "/auth/web3/session", token)))["sessionId"]!;
            for (var read = 0; cache.TryGet(sessionId) is null; read++) // a read that overlapped a probe's return is not kept: read again
            {
                Assert.True(read < 100, $"cut {cut}: A never cached the session");
                Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
                await a.WaitForTrustedCacheAsync();
            }

            var generation = cache.Generation;

            // One transaction cuts every subscriber's connection, then deletes the session and publishes its
            // invalidation to nobody (0 receivers): A can never hear of this revocation.
            var transaction = admin.CreateTransaction();
            _ = transaction.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            _ = transaction.KeyDeleteAsync(keys.Session(owner, sessionId));
            var receivers = transaction.PublishAsync(keys.InvalidationChannel, InvalidationMessage.ForSessions([sessionId]));
            Assert.True(await transaction.ExecuteAsync());
            var cutAt = clock.Elapsed;
            Assert.Equal(0, await receivers);

            for (var attempt = 0; ; attempt++)
            {
                var learned = cache.Generation != generation; // read before sending: what A knew when asked
                var sentAfter = clock.Elapsed - cutAt;
                var response = await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token);
                requests++;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _ = learned ? acceptedAfterLearning++ : acceptedBeforeLearning++;
                    firstRequestAccepted += attempt == 0 ? 1 : 0;
                    latestAcceptance = sentAfter > latestAcceptance ? sentAfter : latestAcceptance;
                    Assert.True(sentAfter < interval, $"cut {cut}: accepted a request sent {sentAfter.TotalMilliseconds:F1} ms after the cut");
                }
                else
                {
                    await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
                    if (learned)
                    {
                        learnedAfter.Add(sentAfter);
                        break;
                    }
                }

                Assert.True(sentAfter < TimeSpan.FromSeconds(5), $"cut {cut}: A never learned that its subscription was cut");
            }
        }

        learnedAfter.Sort();
        output.WriteLine(
            $"{Cuts} cuts in {clock.Elapsed.TotalSeconds:F1} s, {requests} requests after them: {acceptedAfterLearning} revoked sessions accepted after A had learned of the cut, "
            + $"{acceptedBeforeLearning} before (the first request after the cut in {firstRequestAccepted} cuts; latest sent {latestAcceptance.TotalMilliseconds:F2} ms after the cut); "
            + $"A had learned by a request sent {learnedAfter[Cuts / 2].TotalMilliseconds:F2} ms after the cut (median), {learnedAfter[^1].TotalMilliseconds:F2} ms (max)");
        Assert.Equal(0, acceptedAfterLearning);

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
