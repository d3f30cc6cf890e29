using System.Runtime.CompilerServices;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SessionTests(BrowserFixture browser)
{
    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task Revoking_this_session_shows_the_page_signed_out() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5201);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        await page.GotoAsync("/sessions");
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(1);
        await page.GetByTestId("revoke-current").ClickAsync();

        await Expect(page.GetByTestId("ended")).ToHaveTextAsync("This session was revoked. Sign in again to continue.");
        await Expect(page.GetByTestId("account-signed-out")).ToBeVisibleAsync();
        await page.GotoAsync("/profile");
        await Expect(page.GetByTestId("signin")).ToBeVisibleAsync();
    });

    [Fact]
    public Task Signing_out_everywhere_ends_the_session_in_another_browser() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5202);
        var laptop = await run.NewVisitorAsync(wallet);
        var phone = await run.NewVisitorAsync(wallet);
        await SignInAsync(laptop, wallet);
        await SignInAsync(phone, wallet);
        await phone.GotoAsync("/profile");
        await Expect(phone.GetByTestId("profile-name")).ToHaveAttributeAsync("placeholder", "e.g. Ada Lovelace");

        await laptop.GotoAsync("/sessions");
        await Expect(laptop.GetByTestId("session")).ToHaveCountAsync(2);
        await laptop.GetByTestId("sign-out-everywhere").ClickAsync();
        await Expect(laptop.GetByTestId("ended")).ToHaveTextAsync("You signed out on every device.");

        // The phone's page is still open; its next request finds the session gone and says so.
        await phone.GetByTestId("profile-name").FillAsync("Still me?");
        await phone.GetByTestId("profile-save").ClickAsync();
        await Expect(phone.GetByTestId("banner")).ToContainTextAsync("Your session has ended");
        await Expect(phone.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "invalid_token");
        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("signin")).ToBeVisibleAsync();
    });

    [Fact]
    public Task Revoking_another_session_ends_only_that_one() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5203);
        var laptop = await run.NewVisitorAsync(wallet);
        var phone = await run.NewVisitorAsync(wallet);
        await SignInAsync(laptop, wallet);
        await SignInAsync(phone, wallet);

        await laptop.GotoAsync("/sessions");
        await laptop.GetByTestId("revoke-session").ClickAsync();
        await Expect(laptop.GetByTestId("sessions-status")).ToHaveAttributeAsync("data-code", "revoked");
        await Expect(laptop.GetByTestId("session")).ToHaveCountAsync(1);

        await phone.ReloadAsync();
        await Expect(phone.GetByTestId("signin")).ToBeVisibleAsync();
        await laptop.ReloadAsync();
        await Expect(laptop.GetByTestId("current-session")).ToBeVisibleAsync();
    });

    [Fact]
    public Task Renewing_extends_the_session_with_one_more_signature() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5204);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet, lifetimeSeconds: "900");

        await page.GotoAsync("/sessions");
        await Expect(page.GetByTestId("current-expiry")).ToContainTextAsync("in 14 min");
        await page.GetByTestId("renew").ClickAsync();

        await Expect(page.GetByTestId("sessions-status")).ToHaveAttributeAsync("data-code", "renewed");
        await Expect(page.GetByTestId("current-expiry")).ToContainTextAsync("in 59 min");
        Assert.Equal(2, wallet.SignedMessages.Count);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("current-expiry")).ToContainTextAsync("in 59 min");
        await Expect(page.GetByTestId("session")).ToHaveCountAsync(1);
    });

    [Fact]
    public Task A_dropped_permission_is_refused_from_then_on() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5205);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        await page.GotoAsync("/sessions");
        await page.Locator("#current-permissions [data-permission='notes/write']").GetByTestId("drop-permission").ClickAsync();
        await Expect(page.GetByTestId("sessions-status")).ToHaveAttributeAsync("data-code", "permission_dropped");
        await Expect(page.Locator("#current-permissions [data-permission='notes/write']")).ToHaveCountAsync(0);

        await OpenNotesAsync(page);
        await page.GetByTestId("note-text").FillAsync("Can I still write?");
        await page.GetByTestId("note-add").ClickAsync();
        await Expect(page.GetByTestId("notes-status")).ToHaveAttributeAsync("data-code", "insufficient_scope");
        await Expect(page.GetByTestId("notes-status")).ToContainTextAsync("Refused (403)");
    });
}
