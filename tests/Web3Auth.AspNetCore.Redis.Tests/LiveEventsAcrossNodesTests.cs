using System.Diagnostics;
using System.Net;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>
/// Live events on two app nodes, A and B, sharing one real Redis: a change made on A reaches the streams open on B
/// through the store's change feed (the invalidation channel).
/// </summary>
public sealed class LiveEventsAcrossNodesTests : IClassFixture<RedisFixture>, IDisposable
{
    private const int Iterations = 200;

    private readonly RedisFixture _redis;
    private readonly ITestOutputHelper _output;
    private readonly RedisNode _a;
    private readonly RedisNode _b;

    public LiveEventsAcrossNodesTests(RedisFixture redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
        var prefix = RedisFixture.NewPrefix();
        _a = new RedisNode(redis.Server.Configuration, prefix);
        _b = new RedisNode(redis.Server.Configuration, prefix);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private static Action<HttpRequestMessage> Bearer(string token) =>
        request => request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    [Fact]
    public async Task A_revocation_on_node_A_ends_the_stream_on_node_B()
    {
        var token = await _a.Client.SignInTokenAsync(TestWallet.FromSeed(1440), ["profile/read"]);
        await using var events = await EventStreamReader.OpenAsync(_b.Client.Http, "/auth/web3/session/events", Bearer(token));
        await events.NextAsync("connected");

        Assert.Equal(HttpStatusCode.NoContent, (await _a.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        await events.NextAsync("revoked");
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task A_permission_revoked_on_node_A_is_reported_on_node_B()
    {
        var token = await _a.Client.SignInTokenAsync(TestWallet.FromSeed(1441), ["profile/read", "profile/write"]);
        await using var events = await EventStreamReader.OpenAsync(_b.Client.Http, "/auth/web3/session/events", Bearer(token));
        await events.NextAsync("connected");

        Assert.Equal(HttpStatusCode.NoContent, (await _a.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/write", token)).StatusCode);

        Assert.Equal("permissionRevoked", (string?)(await events.NextAsync("expirationsUpdated"))["reason"]);
    }

    [Fact]
    public async Task A_revocation_published_while_node_B_was_not_listening_is_found_when_its_subscription_is_back()
    {
        var wallet = TestWallet.FromSeed(1442);
        var owner = new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, wallet.Address);
        var token = await _a.Client.SignInTokenAsync(wallet, ["profile/read"]);
        var sessionId = token.Split('.')[0];
        await using var events = await EventStreamReader.OpenAsync(_b.Client.Http, "/auth/web3/session/events", Bearer(token));
        await events.NextAsync("connected");

        // Drop every subscriber and end the session in one step: its invalidation reaches nobody.
        var keys = new RedisKeyLayout(KeyPrefixOf(_a));
        var admin = await _redis.Server.AdminAsync();
        var transaction = admin.CreateTransaction();
        _ = transaction.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        _ = transaction.ScriptEvaluateAsync(
            RedisScripts.RemoveSession,
            [keys.Sessions(owner), keys.Session(owner, sessionId)],
            [sessionId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), keys.InvalidationChannelName, InvalidationMessage.ForSessions([sessionId])]);
        Assert.True(await transaction.ExecuteAsync());

        // B's subscription comes back, "may have missed changes" makes its stream re-read, and it finds the end.
        await events.NextAsync("revoked");
    }

    [Fact]
    public async Task A_revocation_on_node_A_reaches_a_sessions_page_on_node_B_within_a_second_at_p99_over_200_iterations()
    {
        var wallet = TestWallet.FromSeed(1443);
        var watcher = await _b.Client.SignInTokenAsync(wallet, ["profile/read"]);
        await using var events = await EventStreamReader.OpenAsync(_b.Client.Http, "/auth/web3/sessions/events", Bearer(watcher));
        await events.NextAsync("connected");

        var created = new List<double>(Iterations);
        var ended = new List<double>(Iterations);
        for (var i = 0; i < Iterations; i++)
        {
            var signIn = Stopwatch.StartNew();
            var token = await _a.Client.SignInTokenAsync(wallet, ["profile/read"]);
            var sessionId = token.Split('.')[0];
            Assert.Equal(sessionId, (string?)(await events.NextAsync("sessionCreated"))["sessionId"]);
            created.Add(signIn.Elapsed.TotalMilliseconds);

            var revoke = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.NoContent, (await _a.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);
            var end = await events.NextAsync("sessionEnded");
            ended.Add(revoke.Elapsed.TotalMilliseconds);
            Assert.Equal(sessionId, (string?)end["sessionId"]);
            Assert.Equal("revoked", (string?)end["reason"]);
        }

        var (p50, p99) = (Percentile(ended, 0.50), Percentile(ended, 0.99));
        _output.WriteLine(FormattableString.Invariant(
            $"revoke on A (DELETE sent) -> sessionEnded read on B, {Iterations} iterations: p50 {p50:F1} ms, p99 {p99:F1} ms, max {ended.Max():F1} ms"));
        _output.WriteLine(FormattableString.Invariant(
            $"sign-in on A (challenge + submit) -> sessionCreated read on B: p50 {Percentile(created, 0.50):F1} ms, p99 {Percentile(created, 0.99):F1} ms"));
        Assert.True(p99 < 1000, FormattableString.Invariant($"p99 {p99:F1} ms"));
    }

    private static string KeyPrefixOf(RedisNode node) =>
        node.App.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<RedisWeb3SessionStoreOptions>)) is Microsoft.Extensions.Options.IOptions<RedisWeb3SessionStoreOptions> options
            ? options.Value.KeyPrefix
            : throw new InvalidOperationException("no Redis store options");

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
