using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>GET /auth/web3/session/events: the events of the current session, over each transport (docs/http-api.md#live-session-events).</summary>
public sealed class SessionEventsTests : IDisposable
{
    private readonly LiveEventsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("cookie")]
    [InlineData("bearer")]
    [InlineData("dpop")]
    public async Task The_stream_reports_connected_then_a_revoked_and_a_lapsed_permission_then_the_revocation_and_ends(string transport)
    {
        var caller = await _app.SignInAsync(transport, TestWallet.FromSeed(1400), ["profile/read", "notes/read"]);
        await using var events = await caller.OpenAsync();
        Assert.Contains("no-cache", events.Response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        var (type, connected, item) = await events.NextAsync();
        Assert.Equal("connected", type);
        Assert.Equal(caller.SessionId, (string?)connected["sessionId"]);
        Assert.Equal(["address", "chainId", "expiresAt", "permissions", "sessionId"], connected.Select(m => m.Key).Order());
        Assert.Equal(["notes/read", "profile/read"], connected["permissions"]!.AsArray().Select(p => (string)p!["name"]!).Order());
        Assert.NotNull(item.EventId);
        Assert.Equal(TimeSpan.FromSeconds(3), item.ReconnectionInterval);

        await caller.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/read");
        var revoked = await events.NextAsync("expirationsUpdated");
        Assert.Equal("permissionRevoked", (string?)revoked["reason"]);
        Assert.Equal(["notes/read"], revoked["permissions"]!.AsArray().Select(p => (string)p!["name"]!));

        _app.Time.Advance(TimeSpan.FromMinutes(10)); // notes/read lasts at most 10 minutes
        var lapsed = await events.NextAsync("expirationsUpdated");
        Assert.Equal("permissionLapsed", (string?)lapsed["reason"]);
        Assert.Empty(lapsed["permissions"]!.AsArray());

        await caller.SendAsync(HttpMethod.Delete, "/auth/web3/session");
        Assert.Equal(caller.SessionId, (string?)(await events.NextAsync("revoked"))["sessionId"]);
        await events.AssertEndsAsync();
        Assert.Equal(0, _app.Hub.Count);
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("bearer")]
    [InlineData("dpop")]
    public async Task The_stream_reports_expiry_and_ends(string transport)
    {
        var caller = await _app.SignInAsync(transport, TestWallet.FromSeed(1401));
        await using var events = await caller.OpenAsync();
        var connected = await events.NextAsync("connected");

        _app.Time.Advance(TimeSpan.FromHours(1)); // the default session lifetime

        var expired = await events.NextAsync("expired");
        Assert.Equal(caller.SessionId, (string?)expired["sessionId"]);
        Assert.Equal((DateTimeOffset)connected["expiresAt"]!, (DateTimeOffset)expired["expiredAt"]!);
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task A_renewal_is_reported_with_the_new_expiry()
    {
        var wallet = TestWallet.FromSeed(1402);
        var caller = await _app.SignInAsync("bearer", wallet, ["profile/read"]);
        await using var events = await caller.OpenAsync();
        var connected = await events.NextAsync("connected");

        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var message = (string)(await _app.Client.ChallengeAsync(wallet, ["profile/read"], lifetime: 7200, renew: true, token: caller.Token))["message"]!;
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.SubmitAsync(message, wallet.SignPersonalMessage(message))).StatusCode);

        var renewed = await events.NextAsync("expirationsUpdated");
        Assert.Equal("renewed", (string?)renewed["reason"]);
        Assert.True((DateTimeOffset)renewed["expiresAt"]! > (DateTimeOffset)connected["expiresAt"]!);
    }

    [Fact]
    public async Task Signing_out_everywhere_from_another_session_revokes_the_stream()
    {
        var wallet = TestWallet.FromSeed(1403);
        var watched = await _app.SignInAsync("cookie", wallet);
        var other = await _app.SignInAsync("bearer", wallet);
        await using var events = await watched.OpenAsync();
        await events.NextAsync("connected");

        await other.SendAsync(HttpMethod.Delete, "/auth/web3/sessions");

        await events.NextAsync("revoked");
        await events.AssertEndsAsync();
    }

    [Fact]
    public async Task A_session_ended_meanwhile_cannot_reconnect()
    {
        var caller = await _app.SignInAsync("bearer", TestWallet.FromSeed(1404));
        string lastId;
        await using (var events = await caller.OpenAsync())
        {
            await events.NextAsync("connected");
            lastId = events.LastEventId!;
        }

        await caller.SendAsync(HttpMethod.Delete, "/auth/web3/session");

        var response = await EventStreamReader.TryOpenAsync(_app.Client.Http, "/auth/web3/session/events", caller.Authorize, lastId);
        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task Without_credentials_the_events_answer_401()
    {
        var response = await EventStreamReader.TryOpenAsync(_app.Client.Http, "/auth/web3/session/events", _ => { });
        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }
}
