using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests.Handler;

// EventsType: an events class from DI replaces Options.Events, for the handler's events and the lifecycle's.
public abstract partial class SharedWeb3HandlerTests
{
    private static readonly string[] AllEvents =
        ["MessageReceived", "SessionValidated", "AuthenticationFailed", "Challenge", "Forbidden", "SessionCreating"];

    /// <summary>Makes every delegate of <paramref name="options"/>' events record "<paramref name="source"/>:Event".</summary>
    private static void RecordAllEvents(Web3SessionKeyOptions options, EventLog log, string source)
    {
        var events = options.Events;
        events.OnMessageReceived = _ => Add("MessageReceived");
        events.OnSessionValidated = _ => Add("SessionValidated");
        events.OnAuthenticationFailed = _ => Add("AuthenticationFailed");
        events.OnChallenge = _ => Add("Challenge");
        events.OnForbidden = _ => Add("Forbidden");
        events.OnSessionCreating = _ => Add("SessionCreating");

        Task Add(string name)
        {
            log.Add(source + ":" + name);
            return Task.CompletedTask;
        }
    }

    // Raises each of the six events at least once: a sign-in, a forbidden request, a rejected token.
    private static async Task RaiseEveryEventAsync(Web3HandlerHost host)
    {
        var token = await host.SignInTokenAsync(Wallet, ["profile/read", "profile/write"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.GetAsync(Web3HandlerHost.AdminPath, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync(Web3HandlerHost.ClaimsPath, Web3HandlerHost.UnknownToken)).StatusCode);
    }

    [Fact]
    public async Task Without_EventsType_every_event_comes_from_Options_Events()
    {
        var log = new EventLog();
        await using var host = await StartAsync(o => RecordAllEvents(o, log, "options"));

        await RaiseEveryEventAsync(host);

        Assert.Equal(AllEvents.Select(e => "options:" + e).Order(), log.All.Distinct().Order());
    }

    [Fact]
    public async Task EventsType_is_resolved_per_request_from_DI_instead_of_Options_Events()
    {
        var log = new EventLog();
        await using var host = await StartAsync(
            o =>
            {
                RecordAllEvents(o, log, "options");
                o.EventsType = typeof(RecordingWeb3Events);
            },
            services: s => s.AddSingleton(log).AddScoped<RecordingWeb3Events>());

        await RaiseEveryEventAsync(host);

        Assert.Equal(AllEvents.Select(e => "di:" + e).Order(), log.All.Distinct().Order());
    }

    [Fact]
    public async Task The_lifecycle_obeys_the_EventsType_decisions()
    {
        // RecordingWeb3Events withholds profile/write from every new session.
        await using var host = await StartAsync(
            o => o.EventsType = typeof(RecordingWeb3Events),
            services: s => s.AddSingleton<EventLog>().AddScoped<RecordingWeb3Events>());

        var session = await host.SignInAsync(Wallet, ["profile/read", "profile/write"]);

        Assert.Equal(["profile/read"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
        await Web3TestClient.AssertProblemAsync(
            await host.GetAsync(Web3HandlerHost.WritePath, (string)session["token"]!), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
    }
}
