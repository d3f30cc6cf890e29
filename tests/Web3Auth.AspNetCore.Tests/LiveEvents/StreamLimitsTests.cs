using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>The bounds of the live events: stream caps, heartbeats, shutdown, the options and their checks.</summary>
public sealed class StreamLimitsTests
{
    [Fact]
    public async Task A_fifth_stream_of_one_session_answers_429_too_many_streams_with_retry_after_and_a_closed_one_frees_its_place()
    {
        using var app = new LiveEventsApp();
        var caller = await app.SignInAsync("bearer", TestWallet.FromSeed(1430), ["profile/read"]);
        var open = new List<EventStreamReader>();
        for (var i = 0; i < 4; i++)
        {
            open.Add(await caller.OpenAsync(i % 2 == 0 ? "/auth/web3/session/events" : "/auth/web3/sessions/events"));
            await open[^1].NextAsync("connected");
        }

        var refused = await EventStreamReader.TryOpenAsync(app.Client.Http, "/auth/web3/session/events", caller.Authorize);
        await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, Web3ErrorCodes.TooManyStreams);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);

        await open[0].DisposeAsync();
        await WaitUntilAsync(() => app.Hub.Count == 3);
        await using var again = await caller.OpenAsync();
        await again.NextAsync("connected");
        foreach (var reader in open.Skip(1))
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_streams_of_one_address_are_capped_across_its_sessions()
    {
        using var app = new LiveEventsApp(o =>
        {
            o.LiveEvents.MaxStreamsPerSession = 2;
            o.LiveEvents.MaxStreamsPerAddress = 3;
        });
        var wallet = TestWallet.FromSeed(1431);
        var first = await app.SignInAsync("bearer", wallet, ["profile/read"]);
        var second = await app.SignInAsync("cookie", wallet, ["profile/read"]);
        await using var a = await first.OpenAsync();
        await using var b = await first.OpenAsync();
        await using var c = await second.OpenAsync();

        var refused = await EventStreamReader.TryOpenAsync(app.Client.Http, "/auth/web3/session/events", second.Authorize);
        await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, Web3ErrorCodes.TooManyStreams);

        // Another address is not affected.
        await using var other = await (await app.SignInAsync("bearer", TestWallet.FromSeed(1432), ["profile/read"])).OpenAsync();
        await other.NextAsync("connected");
    }

    [Fact]
    public async Task An_idle_stream_writes_a_heartbeat_comment_every_interval()
    {
        using var app = new LiveEventsApp(o => o.LiveEvents.HeartbeatInterval = TimeSpan.FromSeconds(15));
        var caller = await app.SignInAsync("bearer", TestWallet.FromSeed(1433), ["profile/read"]);
        using var response = await EventStreamReader.TryOpenAsync(app.Client.Http, "/auth/web3/session/events", caller.Authorize);
        await using var body = await response.Content.ReadAsStreamAsync();
        var seen = new StringBuilder();
        await ReadUntilAsync(body, seen, "\n\n"); // the connected event

        for (var beat = 1; beat <= 3; beat++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(15));
            await ReadUntilAsync(body, seen, string.Concat(Enumerable.Repeat(": heartbeat\n\n", beat)));
        }
    }

    [Fact]
    public async Task Stopping_the_app_ends_every_stream_cleanly()
    {
        using var app = new LiveEventsApp();
        var caller = await app.SignInAsync("bearer", TestWallet.FromSeed(1434), ["profile/read"]);
        var session = await caller.OpenAsync();
        var sessions = await caller.OpenAsync("/auth/web3/sessions/events");
        await session.NextAsync("connected");
        await sessions.NextAsync("connected");

        var hub = app.Hub;
        Assert.Equal(2, hub.Count);

        app.Factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await session.AssertEndsAsync();
        await sessions.AssertEndsAsync();
        await WaitUntilAsync(() => hub.Count == 0);
    }

    [Fact]
    public async Task A_store_without_a_change_feed_is_logged_once_at_start_up()
    {
        var logs = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            Store = new FeedlessStore(new DistributedCacheWeb3SessionStore(new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(
                Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions())))),
            ConfigureServices = s => s.AddLogging(b => b.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)),
        };
        _ = app.CreateClient();

        // ApplicationStarted's callbacks may still be running when CreateClient returns: wait for the line, with a deadline.
        Assert.True(SpinWait.SpinUntil(() => logs.Lines.Any(l => l.EventId.Name == "LiveEventsWithoutChangeFeed"), TimeSpan.FromSeconds(10)));
        var warning = Assert.Single(logs.Lines, l => l.EventId.Name == "LiveEventsWithoutChangeFeed");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(nameof(FeedlessStore), warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_live_events_options_bind_from_configuration()
    {
        using var app = new Web3AppFactory().WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Web3:LiveEvents:MaxStreamsPerSession"] = "2",
            ["Authentication:Schemes:Web3:LiveEvents:MaxStreamsPerAddress"] = "8",
            ["Authentication:Schemes:Web3:LiveEvents:HeartbeatInterval"] = "00:00:20",
            ["Authentication:Schemes:Web3:LiveEvents:WriteTimeout"] = "00:00:05",
            ["Authentication:Schemes:Web3:LiveEvents:ResumeWindow"] = "00:10:00",
            ["Authentication:Schemes:Web3:LiveEvents:ReconnectDelay"] = "00:00:07",
        })));
        _ = app.CreateClient();

        var live = app.Services.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(Web3AuthDefaults.AuthenticationScheme).LiveEvents;
        Assert.Equal(2, live.MaxStreamsPerSession);
        Assert.Equal(8, live.MaxStreamsPerAddress);
        Assert.Equal(TimeSpan.FromSeconds(20), live.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), live.WriteTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), live.ResumeWindow);
        Assert.Equal(TimeSpan.FromSeconds(7), live.ReconnectDelay);
    }

    [Fact]
    public void Out_of_range_live_events_options_stop_the_app_naming_the_option()
    {
        var error = ConfigurationTests.StartFails(o =>
        {
            o.LiveEvents.MaxStreamsPerSession = 0;
            o.LiveEvents.HeartbeatInterval = TimeSpan.Zero;
        });
        Assert.Contains("Authentication:Schemes:Web3:LiveEvents:MaxStreamsPerSession must be 1 to 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("Authentication:Schemes:Web3:LiveEvents:HeartbeatInterval must be between", error.Message, StringComparison.Ordinal);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + EventStreamReader.Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(10);
        }
    }

    private static async Task ReadUntilAsync(Stream body, StringBuilder seen, string ending)
    {
        var buffer = new byte[1024];
        while (!seen.ToString().EndsWith(ending, StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(EventStreamReader.Deadline);
            Assert.True(read > 0, "The stream ended: " + seen);
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    /// <summary>A store that announces nothing: the default store behind a plain <see cref="IWeb3SessionStore"/>.</summary>
    private sealed class FeedlessStore(IWeb3SessionStore inner) : IWeb3SessionStore
    {
        public Task<bool> TryUseOnceAsync(string scheme, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.TryUseOnceAsync(scheme, key, expiresAt, now, cancellationToken);

        public Task<int> CreateSessionAsync(Web3Session session, int maxSessionsPerOwner, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.CreateSessionAsync(session, maxSessionsPerOwner, now, cancellationToken);

        public Task<Web3Session?> FindSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.FindSessionAsync(owner, sessionId, now, cancellationToken);

        public Task<bool> TryReplaceSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.TryReplaceSessionAsync(session, now, cancellationToken);

        public Task<bool> RemoveSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RemoveSessionAsync(owner, sessionId, now, cancellationToken);

        public Task<IReadOnlyList<Web3Session>> ListSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.ListSessionsAsync(owner, now, cancellationToken);

        public Task<int> RemoveAllSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RemoveAllSessionsAsync(owner, now, cancellationToken);
    }
}
