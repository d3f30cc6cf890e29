using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// A session revoked while its stream is being opened — after authentication read it, before the stream registered
/// for changes, so the change is announced to nobody — still ends the stream: a stream re-reads once after its
/// first event. The revocation is made at exactly that point, from the handler's OnSessionValidated event.
/// </summary>
public sealed class OpeningRaceTests : IDisposable
{
    private readonly LiveEventsApp _app;
    private volatile bool _revokeWhileOpening;

    public OpeningRaceTests()
    {
        _app = new LiveEventsApp(o => o.Events.OnSessionValidated = async context =>
        {
            if (_revokeWhileOpening && context.HttpContext.Request.Path.Value?.EndsWith("/events", StringComparison.Ordinal) == true)
            {
                _revokeWhileOpening = false;
                var store = context.HttpContext.RequestServices.GetRequiredService<IWeb3SessionStore>();
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                Assert.True(await store.RemoveSessionAsync(context.Session.Owner, context.Session.Id, now, CancellationToken.None));
            }
        });
    }

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/auth/web3/session/events")]
    [InlineData("/auth/web3/sessions/events")]
    public async Task A_revocation_between_authentication_and_registration_still_ends_the_stream(string path)
    {
        var caller = await _app.SignInAsync("bearer", TestWallet.FromSeed(1490));
        _revokeWhileOpening = true;
        await using var events = await caller.OpenAsync(path);

        Assert.False(_revokeWhileOpening, "the revocation was not made while the stream opened");
        await events.NextAsync("connected");
        Assert.Equal(caller.SessionId, (string?)(await events.NextAsync("revoked"))["sessionId"]);
        await events.AssertEndsAsync();
    }
}
