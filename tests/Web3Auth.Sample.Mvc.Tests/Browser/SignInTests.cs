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

        var message = Assert.Single(wallet.SignedMessages);
        Assert.StartsWith($"{run.Site.Domain} wants you to sign in with your Ethereum account:\n{wallet.Address}\n", message, StringComparison.Ordinal);
        Assert.Contains($"URI: {run.Site.Origin}\n", message, StringComparison.Ordinal);
        Assert.Contains("'profile': 'read', 'write'", message, StringComparison.Ordinal);
        Assert.Contains("'notes': 'read' for", message, StringComparison.Ordinal);
        Assert.Empty(run.ConsoleProblems(page));
    });
}
