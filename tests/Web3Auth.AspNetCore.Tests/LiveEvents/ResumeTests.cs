using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>A reconnect that sends Last-Event-ID gets only what it missed (docs/http-api.md#live-session-events).</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly LiveEventsApp _app = new(o => o.LiveEvents.ResumeWindow = TimeSpan.FromMinutes(15));

    public void Dispose() => _app.Dispose();

    private async Task<(LiveEventsApp.Caller Caller, string LastId)> WatchThenLeaveAsync(int seed, string[] permissions)
    {
        var caller = await _app.SignInAsync("bearer", TestWallet.FromSeed(seed), permissions);
        await using var events = await caller.OpenAsync();
        await events.NextAsync("connected");
        return (caller, events.LastEventId!);
    }

    [Fact]
    public async Task Resuming_an_unchanged_session_sends_nothing_until_the_next_change()
    {
        var (caller, lastId) = await WatchThenLeaveAsync(1420, ["profile/read"]);
        _app.Time.Advance(TimeSpan.FromMinutes(1));

        await using var events = await caller.OpenAsync(lastEventId: lastId);
        await caller.SendAsync(HttpMethod.Delete, "/auth/web3/session");

        // The first event of the resumed stream is the revocation: no connected, no repeat.
        await events.NextAsync("revoked");
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task Resuming_after_a_change_sends_one_expirations_updated()
    {
        var (caller, lastId) = await WatchThenLeaveAsync(1421, ["profile/read", "profile/write"]);
        await caller.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/write");

        await using var events = await caller.OpenAsync(lastEventId: lastId);
        var (type, data, item) = await events.NextAsync();

        Assert.Equal("expirationsUpdated", type);
        Assert.Equal(["profile/read"], data["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.NotEqual(lastId, item.EventId);
        Assert.Equal(TimeSpan.FromSeconds(3), item.ReconnectionInterval);
    }

    [Fact]
    public async Task Resuming_after_a_permission_lapsed_meanwhile_reports_the_lapse()
    {
        var (caller, lastId) = await WatchThenLeaveAsync(1422, ["profile/read", "notes/read"]);
        _app.Time.Advance(TimeSpan.FromMinutes(10)); // notes/read lasts 10 minutes

        await using var resumed = await caller.OpenAsync(lastEventId: lastId);
        var lapsed = await resumed.NextAsync("expirationsUpdated");

        Assert.Equal("permissionLapsed", (string?)lapsed["reason"]);
        Assert.Equal(["profile/read"], lapsed["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1.1.0.0000000000000000")]
    [InlineData("")]
    public async Task An_unusable_last_event_id_gets_a_fresh_connected(string lastId)
    {
        var caller = await _app.SignInAsync("bearer", TestWallet.FromSeed(1423), ["profile/read"]);
        await using var events = await caller.OpenAsync(lastEventId: lastId);
        await events.NextAsync("connected");
    }

    [Fact]
    public async Task An_id_of_another_session_or_older_than_the_window_gets_a_fresh_connected()
    {
        var (_, otherId) = await WatchThenLeaveAsync(1424, ["profile/read"]);
        var (caller, lastId) = await WatchThenLeaveAsync(1425, ["profile/read"]);

        await using (var events = await caller.OpenAsync(lastEventId: otherId))
        {
            await events.NextAsync("connected");
        }

        _app.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await using var late = await caller.OpenAsync(lastEventId: lastId);
        await late.NextAsync("connected");
    }

    [Fact]
    public async Task The_sessions_stream_always_resumes_with_the_whole_list()
    {
        var caller = await _app.SignInAsync("bearer", TestWallet.FromSeed(1426), ["profile/read"]);
        string lastId;
        await using (var events = await caller.OpenAsync("/auth/web3/sessions/events"))
        {
            await events.NextAsync("connected");
            lastId = events.LastEventId!;
        }

        await using var resumed = await caller.OpenAsync("/auth/web3/sessions/events", lastId);
        Assert.Single((await resumed.NextAsync("connected"))["sessions"]!.AsArray());
    }
}
