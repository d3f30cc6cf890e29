using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>GET /auth/web3/sessions/events: every session of the address, for a sessions page.</summary>
public sealed class SessionsEventsTests : IDisposable
{
    private readonly LiveEventsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("cookie")]
    [InlineData("bearer")]
    [InlineData("dpop")]
    public async Task The_sessions_page_hears_sign_ins_changes_and_ends_of_the_address_then_its_own_end(string transport)
    {
        var wallet = TestWallet.FromSeed(1410);
        var watcher = await _app.SignInAsync(transport, wallet, ["profile/read"]);
        await using var events = await watcher.OpenAsync("/auth/web3/sessions/events");
        var connected = await events.NextAsync("connected");
        var listed = Assert.Single(connected["sessions"]!.AsArray())!;
        Assert.Equal(watcher.SessionId, (string?)listed["sessionId"]);
        Assert.True((bool)listed["current"]!);

        var other = await _app.SignInAsync("bearer", wallet, ["profile/read", "notes/read"]);
        var created = await events.NextAsync("sessionCreated");
        Assert.Equal(other.SessionId, (string?)created["sessionId"]);
        Assert.False((bool)created["current"]!);
        Assert.Equal(["client", "createdAt", "current", "expiresAt", "permissions", "sessionId"], created.Select(m => m.Key).Order());

        await other.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/read");
        var updated = await events.NextAsync("sessionUpdated");
        Assert.Equal(other.SessionId, (string?)updated["sessionId"]);
        Assert.Equal(["notes/read"], updated["permissions"]!.AsArray().Select(p => (string)p!["name"]!));

        _app.Time.Advance(TimeSpan.FromMinutes(10));
        var lapsed = await events.NextAsync("sessionUpdated");
        Assert.Empty(lapsed["permissions"]!.AsArray());

        await watcher.SendAsync(HttpMethod.Delete, "/auth/web3/sessions/" + other.SessionId);
        var ended = await events.NextAsync("sessionEnded");
        Assert.Equal(other.SessionId, (string?)ended["sessionId"]);
        Assert.Equal("revoked", (string?)ended["reason"]);

        await watcher.SendAsync(HttpMethod.Delete, "/auth/web3/sessions");
        await events.NextAsync("revoked");
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task A_session_of_the_address_that_runs_out_is_reported_expired_and_so_is_the_stream_own()
    {
        var wallet = TestWallet.FromSeed(1411);
        string[] only = ["profile/read"];
        var watcher = await _app.SignInAsync("bearer", wallet, only);
        _app.Time.Advance(TimeSpan.FromMinutes(30));
        var other = await _app.SignInAsync("bearer", wallet, only);
        await using var events = await other.OpenAsync("/auth/web3/sessions/events");
        Assert.Equal([other.SessionId, watcher.SessionId], (await events.NextAsync("connected"))["sessions"]!.AsArray().Select(s => (string)s!["sessionId"]!));

        _app.Time.Advance(TimeSpan.FromMinutes(30)); // the watcher's hour is up; the other has 30 minutes left
        var ended = await events.NextAsync("sessionEnded");
        Assert.Equal(watcher.SessionId, (string?)ended["sessionId"]);
        Assert.Equal("expired", (string?)ended["reason"]);

        _app.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(other.SessionId, (string?)(await events.NextAsync("expired"))["sessionId"]);
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task Sessions_of_another_address_are_not_heard()
    {
        var watcher = await _app.SignInAsync("bearer", TestWallet.FromSeed(1412), ["profile/read"]);
        await using var events = await watcher.OpenAsync("/auth/web3/sessions/events");
        await events.NextAsync("connected");

        await _app.SignInAsync("bearer", TestWallet.FromSeed(1413), ["profile/read"]);
        var mine = await _app.SignInAsync("bearer", TestWallet.FromSeed(1412), ["profile/read"]);

        // The first event after both sign-ins is this address's.
        Assert.Equal(mine.SessionId, (string?)(await events.NextAsync("sessionCreated"))["sessionId"]);
    }
}
