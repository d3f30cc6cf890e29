using System.Diagnostics;
using System.Net;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>Two app nodes, A and B, each with its local cache on, sharing one Redis.</summary>
public sealed class MultiNodeTests : IClassFixture<RedisFixture>, IDisposable
{
    private static readonly TimeSpan RevocationPromise = TimeSpan.FromMilliseconds(100);

    private readonly ITestOutputHelper _output;
    private readonly RedisNode _a;
    private readonly RedisNode _b;

    public MultiNodeTests(RedisFixture redis, ITestOutputHelper output)
    {
        _output = output;
        var prefix = RedisFixture.NewPrefix();
        _a = new RedisNode(redis.Server.Configuration, prefix);
        _b = new RedisNode(redis.Server.Configuration, prefix);
    }

    [Fact]
    public async Task A_session_created_on_node_A_works_on_node_B()
    {
        var token = await _a.Client.SignInTokenAsync(TestWallet.FromSeed(401), ["profile/read"]);

        var response = await _b.Client.SendAsync(HttpMethod.Get, "/api/profile", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Of_one_DPoP_proof_sent_50_times_at_once_over_two_nodes_exactly_one_is_accepted()
    {
        using var key = DpopTestKey.P256();
        var token = (string)(await _a.Client.SignInKeyBoundAsync(TestWallet.FromSeed(410), key))["token"]!;
        var proof = key.Proof("GET", "http://localhost/api/me", token, _a.App.Time.GetUtcNow());

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _a : _b).Client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, _a.App.Time.GetUtcNow(), proof))));

        var statuses = responses.Select(r => r.StatusCode).ToArray();
        _output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        // A fresh proof still works on either node: only the replayed one is refused.
        Assert.Equal(HttpStatusCode.OK, (await _b.Client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, _b.App.Time.GetUtcNow())).StatusCode);
    }

    [Fact]
    public async Task A_nonce_issued_by_node_A_is_consumed_on_node_B_and_then_refused_everywhere()
    {
        var wallet = TestWallet.FromSeed(402);
        var message = (string)(await _a.Client.ChallengeAsync(wallet))["message"]!;
        var signature = wallet.SignPersonalMessage(message);

        Assert.Equal(HttpStatusCode.OK, (await _b.Client.SubmitAsync(message, signature)).StatusCode);

        await Web3TestClient.AssertProblemAsync(await _a.Client.SubmitAsync(message, signature), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
        await Web3TestClient.AssertProblemAsync(await _b.Client.SubmitAsync(message, signature), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
    }

    [Fact]
    public async Task Of_100_concurrent_verifications_of_one_signed_message_on_two_nodes_exactly_one_succeeds()
    {
        var wallet = TestWallet.FromSeed(403);
        var message = (string)(await _a.Client.ChallengeAsync(wallet))["message"]!;
        var signature = wallet.SignPersonalMessage(message);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => (i % 2 == 0 ? _a : _b).Client.SubmitAsync(message, signature))));

        var statuses = responses.Select(r => r.StatusCode).ToArray();
        _output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Equal(99, statuses.Count(s => s == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_session_revoked_on_node_B_is_refused_by_node_A_within_100_ms_although_A_had_it_cached()
    {
        await _a.WaitForTrustedCacheAsync();
        var token = await _a.Client.SignInTokenAsync(TestWallet.FromSeed(404), ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await _a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal(1, _a.Store.LocalCache!.Count); // A now answers for this session from memory
        Assert.Equal(HttpStatusCode.OK, (await _b.Client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", token)).StatusCode); // B warmed up

        var clock = Stopwatch.StartNew();
        var revocation = _b.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token);
        while (_a.Store.LocalCache.Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(1);
        }

        var dropped = clock.Elapsed;
        Assert.Equal(HttpStatusCode.NoContent, (await revocation).StatusCode);
        var answered = clock.Elapsed;
        var afterAnswer = await WatchUntilRefusedAsync(_a, token);

        _output.WriteLine($"revocation sent to B at 0 ms; A dropped its cached copy at {dropped.TotalMilliseconds:F1} ms; B answered at {answered.TotalMilliseconds:F1} ms; " +
            $"after that A accepted the token {afterAnswer.Accepted} times and refused it {afterAnswer.RefusedAt.TotalMilliseconds:F1} ms after B answered (one request on A included)");
        Assert.True(dropped < answered + RevocationPromise, $"A kept its cached copy {(dropped - answered).TotalMilliseconds:F1} ms after B answered");
        afterAnswer.AssertRefusedWithin(RevocationPromise);
    }

    [Fact]
    public async Task Revoking_all_sessions_on_node_A_reaches_node_B_at_once()
    {
        await _b.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(405);
        var first = await _a.Client.SignInTokenAsync(wallet, ["profile/read"]);
        var second = await _b.Client.SignInTokenAsync(wallet, ["profile/read"]);
        var otherWallet = await _b.Client.SignInTokenAsync(TestWallet.FromSeed(406), ["profile/read"]);
        foreach (var token in new[] { first, second, otherWallet })
        {
            Assert.Equal(HttpStatusCode.OK, (await _b.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _a.Client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", first)).StatusCode);
        var firstOnB = await WatchUntilRefusedAsync(_b, first);
        var secondOnB = await WatchUntilRefusedAsync(_b, second);

        _output.WriteLine($"after revoke-all on A, B accepted the revoked tokens {firstOnB.Accepted + secondOnB.Accepted} times; first refusal {firstOnB.RefusedAt.TotalMilliseconds:F1} ms after A answered");
        firstOnB.AssertRefusedWithin(RevocationPromise);
        secondOnB.AssertRefusedWithin(RevocationPromise);
        Assert.Equal(HttpStatusCode.OK, (await _b.Client.SendAsync(HttpMethod.Get, "/api/profile", otherWallet)).StatusCode);
    }

    [Fact]
    public async Task A_permission_revoked_on_node_B_is_gone_on_node_A_at_once()
    {
        await _a.WaitForTrustedCacheAsync();
        var token = await _a.Client.SignInTokenAsync(TestWallet.FromSeed(407), ["profile/read", "notes/read"]);
        Assert.Equal(HttpStatusCode.OK, (await _a.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _b.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/read", token)).StatusCode);

        (await WatchAsync(() => _a.Client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Forbidden)).AssertRefusedWithin(RevocationPromise);
        Assert.Equal(HttpStatusCode.OK, (await _a.Client.SendAsync(HttpMethod.Get, "/api/notes", token)).StatusCode);
    }

    [Fact]
    public async Task A_renewal_on_node_B_retires_the_old_token_on_node_A_at_once()
    {
        await _a.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(408);
        var oldToken = await _a.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await _a.Client.SendAsync(HttpMethod.Get, "/api/profile", oldToken)).StatusCode);

        var message = (string)(await _b.Client.ChallengeAsync(wallet, renew: true, token: oldToken))["message"]!;
        var renewed = await Web3TestClient.ReadObjectAsync(await _b.Client.SubmitAsync(message, wallet.SignPersonalMessage(message)));
        var newToken = (string)renewed["token"]!;

        (await WatchUntilRefusedAsync(_a, oldToken)).AssertRefusedWithin(RevocationPromise);
        Assert.Equal(HttpStatusCode.OK, (await _a.Client.SendAsync(HttpMethod.Get, "/api/profile", newToken)).StatusCode);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static Task<Watch> WatchUntilRefusedAsync(RedisNode node, string token) =>
        WatchAsync(() => node.Client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Unauthorized);

    // Asks again and again until refused with `refusal` (for at most 2 s), noting when the last request that was still
    // accepted had been sent: a revocation has taken effect on a node once no request sent later is accepted.
    private static async Task<Watch> WatchAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode refusal)
    {
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        var lastAcceptedSentAt = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            var sentAt = clock.Elapsed;
            using var response = await request();
            if (response.StatusCode == refusal)
            {
                return new Watch(accepted, lastAcceptedSentAt, clock.Elapsed);
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"unexpected {(int)response.StatusCode}");
            accepted++;
            lastAcceptedSentAt = sentAt;
        }

        return new Watch(accepted, lastAcceptedSentAt, TimeSpan.MaxValue);
    }

    private sealed record Watch(int Accepted, TimeSpan LastAcceptedSentAt, TimeSpan RefusedAt)
    {
        public void AssertRefusedWithin(TimeSpan promise)
        {
            Assert.True(RefusedAt != TimeSpan.MaxValue, $"still accepted after 2 s ({Accepted} requests)");
            Assert.True(Accepted == 0 || LastAcceptedSentAt < promise, $"a request sent {LastAcceptedSentAt.TotalMilliseconds:F1} ms after the revocation was still accepted");
        }
    }
}
