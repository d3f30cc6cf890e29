using System.Runtime.CompilerServices;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task Signing_in_shows_who_is_signed_in_and_the_wallet_signed_the_chosen_permissions() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5001);
        var page = await run.NewVisitorAsync(wallet);

        await OpenSignInAsync(page);
        await Expect(page.GetByTestId("wallet-option")).ToHaveTextAsync("Test Wallet");
        await StartSignInAsync(page, withhold: ["notes/write"]);

        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
        await Expect(page.GetByTestId("account")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-permission='profile/read']")).ToHaveAttributeAsync("data-granted", "true");
        await Expect(page.Locator("[data-permission='notes/write']")).ToHaveAttributeAsync("data-granted", "false");

        // Chromium keeps the __Host- cookie although the site is plain http: localhost is a secure context. Scripts cannot read it.
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "__Host-web3-session");
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(("localhost", "/"), (cookie.Domain, cookie.Path));
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));

        var message = Assert.Single(wallet.SignedMessages);
        Assert.StartsWith($"{run.Site.Domain} wants you to sign in with your Ethereum account:\n{wallet.Address}\n", message, StringComparison.Ordinal);
        Assert.Contains("\nURI: did:key:zDn", message, StringComparison.Ordinal); // the session is delegated to this browser's key
        Assert.Contains($"'profile': 'read', 'write' for '{run.Site.Origin}'", message, StringComparison.Ordinal);
        Assert.Contains($"'notes': 'read' for '{run.Site.Origin}'", message, StringComparison.Ordinal);
        Assert.Empty(run.ConsoleProblems(page));
    });

    [Fact]
    public Task Rejecting_the_signature_shows_a_friendly_message_and_a_retry_works() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5002);
        wallet.RejectsSignatures = true;
        var page = await run.NewVisitorAsync(wallet);

        await OpenSignInAsync(page);
        await StartSignInAsync(page);

        var status = await SignInStatusAsync(page, "user_rejected");
        await Expect(status).ToContainTextAsync("You declined the request in your wallet");
        await Expect(page.GetByTestId("account-signed-out")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-in")).ToBeEnabledAsync();

        wallet.RejectsSignatures = false;
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
    });

    [Fact]
    public Task Without_a_wallet_the_page_says_how_to_get_one() => RunAsync(async run =>
    {
        var page = await run.NewVisitorAsync(wallet: null);

        await OpenSignInAsync(page);

        var status = await SignInStatusAsync(page, "no_wallet");
        await Expect(status).ToContainTextAsync("No Ethereum wallet was found in this browser");
        await Expect(page.GetByTestId("sign-in")).ToBeDisabledAsync();
    });

    [Fact]
    public Task A_wallet_on_another_chain_is_told_to_switch_and_can_switch() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5003);
        wallet.ChainId = 137;
        var page = await run.NewVisitorAsync(wallet);

        await OpenSignInAsync(page);
        await StartSignInAsync(page);

        var status = await SignInStatusAsync(page, "chain_not_allowed");
        await Expect(status).ToContainTextAsync("network this site does not accept");
        await Expect(status).ToContainTextAsync("Chain 137");
        Assert.Empty(wallet.SignedMessages);

        await status.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Switch network" }).ClickAsync();
        await Expect(status).ToBeHiddenAsync();
        Assert.Equal(1ul, wallet.ChainId);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
    });

    [Fact]
    public Task A_challenge_signed_after_it_expired_is_refused_with_a_clear_message() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5004);
        wallet.BeforeSigning = _ => run.Site.Clock.Advance(TimeSpan.FromMinutes(6)); // the user walked away for 6 minutes
        var page = await run.NewVisitorAsync(wallet);

        try
        {
            await OpenSignInAsync(page);
            await StartSignInAsync(page);

            var status = await SignInStatusAsync(page, "invalid_nonce");
            await Expect(status).ToContainTextAsync("This sign-in request expired before it was signed");
            await Expect(page.GetByTestId("account-signed-out")).ToBeVisibleAsync();
        }
        finally
        {
            run.Site.Clock.Reset(); // the site is shared: the next test's countdowns must match the browser's clock
        }
    });

    [Fact]
    public Task A_legacy_wallet_at_window_ethereum_is_found_when_none_announces_itself() => RunAsync(async run =>
    {
        var wallet = new BrowserWallet(Web3Auth.Testing.TestWallet.FromSeed(5005)) { AnnouncesWithEip6963 = false };
        var page = await run.NewVisitorAsync(wallet);

        await OpenSignInAsync(page);
        await Expect(page.GetByTestId("wallet-option")).ToHaveTextAsync("Browser wallet");

        await StartSignInAsync(page);
        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
    });

    [Fact]
    public Task A_signed_out_visitor_opening_a_private_page_signs_in_and_lands_back_on_it() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5006);
        var page = await run.NewVisitorAsync(wallet);

        await page.GotoAsync("/notes");
        await Expect(page.GetByTestId("signin")).ToBeVisibleAsync();
        Assert.EndsWith("/?returnUrl=%2Fnotes", page.Url, StringComparison.Ordinal);

        await Expect(page.GetByTestId("wallets")).Not.ToContainTextAsync("Looking for wallets");
        await StartSignInAsync(page);
        await page.WaitForURLAsync("**/notes");
        await Expect(page.GetByTestId("notes")).ToBeVisibleAsync();
    });
}
