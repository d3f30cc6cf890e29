using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Web3Auth.Sample.Mvc.Tests.Api;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// Live session events in the sample (issue 14): the sessions page follows /auth/web3/sessions/events and every other
/// signed-in page /auth/web3/session/events, through web3auth-client.js's watchSessions() and watch(), so a change made
/// elsewhere shows without a reload. Each test waits for the page to show the change, with a deadline.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveEventsTests(BrowserFixture browser)
{

    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task Revoking_a_session_in_one_tab_removes_it_from_the_other_tab_within_a_second() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7201);
        var first = await run.NewVisitorAsync(wallet);
        await SignInAsync(first, wallet);
        using var http = run.Site.CreateApiClient();
        var phone = await BearerClient.SignInAsync(http, wallet.Key);
        var phoneSession = phone.Token.Split('.')[0];

        var second = await run.NewTabAsync(first);
        await OpenLiveSessionsAsync(first, sessions: 2);
        await OpenLiveSessionsAsync(second, sessions: 2);
        await MarkLoadedAsync(second);

        await first.Locator($"[data-session-id='{phoneSession}'] [data-testid=revoke-session]").ClickAsync();
        var clock = Stopwatch.StartNew();
        await Expect(second.Locator($"[data-session-id='{phoneSession}']")).ToHaveCountAsync(0, new() { Timeout = 1_000 });
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"took {clock.ElapsedMilliseconds} ms");
        await Expect(second.GetByTestId("session")).ToHaveCountAsync(1);

        // A sign-in elsewhere appears in both tabs, too; neither was reloaded.
        var tablet = await BearerClient.SignInAsync(http, wallet.Key);
        var tabletSession = tablet.Token.Split('.')[0];
        await Expect(second.Locator($"[data-session-id='{tabletSession}']")).ToHaveCountAsync(1);
        await Expect(first.Locator($"[data-session-id='{tabletSession}']")).ToHaveCountAsync(1);
        await AssertNotReloadedAsync(second);
        Assert.Empty(run.ConsoleProblems(second));
    });

    [Fact]
    public Task A_session_revoked_from_another_device_ends_on_the_open_page_within_a_second() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7202);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        var pageSession = (await StoredSessionKey.ReadRequiredAsync(page)).SessionId;
        await page.GotoAsync("/profile");
        await ProfileLoadedAsync(page);
        await Expect(page.GetByTestId("session-countdown")).ToHaveAttributeAsync("data-live", "connected");
        await MarkLoadedAsync(page);

        using var http = run.Site.CreateApiClient();
        var phone = await BearerClient.SignInAsync(http, wallet.Key);
        var revoked = await phone.DeleteAsync($"/auth/web3/sessions/{pageSession}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, revoked.StatusCode);
        var clock = Stopwatch.StartNew();

        await Expect(page.GetByTestId("banner")).ToHaveAttributeAsync("data-code", "session_ended", new() { Timeout = 1_000 });
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"took {clock.ElapsedMilliseconds} ms");
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Your session has ended");
        await AssertNotReloadedAsync(page);
        // The page forgot the dead session's key, as a refused request would have made it.
        Assert.Null(await StoredSessionKey.ReadAsync(page));
    });

    [Fact]
    public async Task A_permission_greys_out_when_it_lapses_without_a_reload()
    {
        // A site whose notes/write lasts 8 seconds (the sample's is 30 minutes): the lapse happens in real time, on
        // the server's clock and the browser's alike.
        await using var site = new SampleSite { PermissionLifetimes = { ["notes/write"] = TimeSpan.FromSeconds(8) } };
        site.Start();
        await browser.RunAsync(nameof(A_permission_greys_out_when_it_lapses_without_a_reload), async run =>
        {
            var wallet = BrowserWallet.FromSeed(7203);
            var page = await run.NewVisitorAsync(wallet, site);
            await SignInAsync(page, wallet);
            var writing = page.Locator("[data-testid=permissions] [data-permission='notes/write']");
            var reading = page.Locator("[data-testid=permissions] [data-permission='notes/read']");
            await Expect(page.GetByTestId("session-countdown")).ToHaveAttributeAsync("data-live", "connected");
            await Expect(writing).ToHaveAttributeAsync("data-granted", "true");
            await MarkLoadedAsync(page);

            // Greyed out at its end, and the server's event says why; the other permissions stay.
            await Expect(writing).ToHaveAttributeAsync("data-lapsed", "true", new() { Timeout = 15_000 });
            await Expect(writing).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\blapsed\b"));
            await Expect(writing.Locator(".perm-until")).ToHaveTextAsync("ended");
            await Expect(page.GetByTestId("session-countdown")).ToHaveAttributeAsync("data-last-event", "expirationsUpdated:permissionLapsed", new() { Timeout = 5_000 });
            await Expect(reading).ToHaveAttributeAsync("data-granted", "true");
            await AssertNotReloadedAsync(page);
            Assert.Empty(run.ConsoleProblems(page));
        });
    }

    [Fact]
    public Task A_watcher_refused_for_too_many_streams_waits_and_connects_once_a_stream_closes() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7204);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        await Expect(page.GetByTestId("session-countdown")).ToHaveAttributeAsync("data-live", "connected");

        // The page's own watcher stops; then five watchers of the one session, one more than the server's cap (4).
        await page.EvaluateAsync("""
            async () => {
              const { auth } = await import("/js/app.js");
              auth.unwatch();
              const { Web3AuthClient } = await import("/js/web3auth-client.js");
              const client = new Web3AuthClient();
              window.live = [];
              for (let i = 0; i < 5; i++) {
                const watcher = client.watch();
                const record = { watcher, events: [] };
                for (const type of ["connected", "error", "disconnected"]) {
                  watcher.addEventListener(type, (e) => record.events.push(type === "error" ? "error:" + e.detail.code : type));
                }
                window.live.push(record);
              }
            }
            """);
        await page.WaitForFunctionAsync("""
            () => window.live.filter((r) => r.events.includes("connected")).length === 4
              && window.live.some((r) => r.events.includes("error:too_many_streams"))
            """, null, new() { Timeout = 10_000 });

        // One closes; the refused one connects after the server's Retry-After (3 s), with no reload.
        await page.EvaluateAsync("() => window.live.find((r) => r.events.includes('connected')).watcher.close()");
        await page.WaitForFunctionAsync("""
            () => window.live.some((r) => r.events[0] === "error:too_many_streams" && r.events.includes("connected"))
            """, null, new() { Timeout = 20_000 });
        var refused = await page.EvaluateAsync<string[]>("() => window.live.find((r) => r.events[0] === 'error:too_many_streams').events");
        Assert.Equal("connected", refused[^1]);
        Assert.DoesNotContain("disconnected", refused);
        await page.EvaluateAsync("() => window.live.forEach((r) => r.watcher.close())");
    });

    // Opens the sessions page and waits until its list follows the stream and shows `sessions` sessions.
    private static async Task OpenLiveSessionsAsync(IPage page, int sessions)
    {
        await page.GotoAsync("/sessions");
        await Expect(page.GetByTestId("session-list")).ToHaveAttributeAsync("data-live", "connected");
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(sessions);
    }

    // A mark in the page's JavaScript state: a reload or navigation would drop it.
    private static async Task MarkLoadedAsync(IPage page) => await page.EvaluateAsync("() => { window.__liveTestMark = true; }");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__liveTestMark === true"), "the page was reloaded");
}
