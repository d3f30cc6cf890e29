using System.Runtime.CompilerServices;
using Web3Auth.Sample.Mvc.Tests.Browser;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Worker;

/// <summary>
/// A person authorizes the background worker on the sessions page, in Chromium with the test wallet; the worker runs
/// as its own process, acts for them, and stops when they revoke its session.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkerBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task A_user_authorizes_the_worker_which_acts_for_them_until_they_revoke_its_session() => RunAsync(async run =>
    {
        await using var worker = WorkerProcess.Start(run.Site, interval: TimeSpan.FromMilliseconds(300), pollInterval: TimeSpan.FromMilliseconds(200), output);
        var didKey = await worker.DidKeyAsync(StartDeadline);
        await worker.WaitForLineAsync(l => l.Contains("Published the worker's key", StringComparison.Ordinal), StartDeadline, "that it published its key");

        var wallet = BrowserWallet.FromSeed(7301);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        await page.GotoAsync("/sessions");

        // The page names the worker by its key, and the user chooses what it may do and for how long.
        await Expect(page.GetByTestId("worker-did-key")).ToHaveTextAsync(didKey);
        await Expect(page.GetByTestId("worker-lifetime")).ToHaveValueAsync("3600");
        await Expect(page.GetByTestId("worker-permission-notes/read")).ToBeCheckedAsync();
        await page.GetByTestId("worker-permission-notes/write").CheckAsync();
        await page.GetByTestId("worker-authorize").ClickAsync();

        // What the wallet signs is on the page: the worker's key as the URI, the permissions, for this site.
        var shown = page.GetByTestId("worker-message");
        await Expect(shown).ToContainTextAsync($"URI: {didKey}");
        await Expect(page.GetByTestId("worker-status")).ToHaveAttributeAsync("data-code", "worker-authorized", new() { Timeout = 30_000 });
        var signed = wallet.SignedMessages[^1];
        Assert.Equal(signed, await shown.TextContentAsync());
        Assert.Contains($"\nURI: {didKey}\n", signed, StringComparison.Ordinal);
        Assert.Contains($"'notes': 'read', 'write' for '{run.Site.Origin}'", signed, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), ExpirationTime(signed) - IssuedAt(signed));

        // The worker acts for the user: it added a note, and reads their notes at every interval.
        await worker.WaitForLineAsync(l => l.Contains($"Added a note for {wallet.Address}", StringComparison.Ordinal), Deadline, "that it added a note");
        await worker.WaitForLineAsync(l => l.Contains($"Read 1 notes of {wallet.Address}", StringComparison.Ordinal), Deadline, "a successful call");
        await OpenNotesAsync(page);
        await Expect(page.GetByTestId("note")).ToContainTextAsync("The background worker was here");

        // The sessions page lists the worker's session: its client, and bound to the worker's key.
        await page.GotoAsync("/sessions");
        var session = page.Locator("[data-testid=session][data-worker=true]");
        await Expect(session).ToHaveCountAsync(1);
        await Expect(session.GetByTestId("session-client")).ToHaveTextAsync("Web3Auth.Sample.Worker");
        await Expect(session.GetByTestId("session-key")).ToHaveAttributeAsync("data-session-key", didKey);
        await Expect(session).ToContainTextAsync("background worker");

        // Revoking it there stops the worker at its next call, and the worker says why.
        await session.GetByTestId("revoke-session").ClickAsync();
        await Expect(page.GetByTestId("sessions-status")).ToHaveAttributeAsync("data-code", "revoked");
        await Expect(page.Locator("[data-testid=session][data-worker=true]")).ToHaveCountAsync(0);
        var stopped = await worker.WaitForLineAsync(l => l.Contains($"Stopped acting for {wallet.Address}", StringComparison.Ordinal), Deadline, "that it stopped");
        Assert.Contains("(invalid_token: The session token is unknown, expired or revoked.)", stopped, StringComparison.Ordinal);
        Assert.Contains("it was revoked before its end", stopped, StringComparison.Ordinal);

        // This browser's own session carries on.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("current-session")).ToBeVisibleAsync();
        Assert.Empty(run.ConsoleProblems(page));
    });

    private static DateTimeOffset IssuedAt(string message) => Field(message, "Issued At");

    private static DateTimeOffset ExpirationTime(string message) => Field(message, "Expiration Time");

    private static DateTimeOffset Field(string message, string name) =>
        DateTimeOffset.Parse(message.Split('\n').Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture);
}
