using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PrivateDataTests(BrowserFixture browser)
{
    /// <summary>Set to 1 to refresh the README's screenshot (docs/images/sample-signed-in.png) from this run.</summary>
    private const string UpdateScreenshotVariable = "WEB3AUTH_UPDATE_SCREENSHOTS";

    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task A_saved_name_is_still_there_after_a_reload() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5101);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        await SaveNameAsync(page, "Ada Lovelace");
        await Expect(page.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "saved");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("profile-name")).ToHaveValueAsync("Ada Lovelace");

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("Ada Lovelace");
        Assert.Empty(run.ConsoleProblems(page));
        await SaveScreenshotAsync(page, "sample-signed-in.png");
    });

    [Fact]
    public Task A_name_the_server_refuses_shows_why() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5102);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        await SaveNameAsync(page, "<script>alert(1)</script>");

        var status = page.GetByTestId("profile-status");
        await Expect(status).ToHaveAttributeAsync("data-code", "invalid_request");
        await Expect(status).ToContainTextAsync("\"<\" is not allowed");
        await Expect(page.GetByTestId("profile-name")).ToHaveAttributeAsync("aria-invalid", "true");
    });

    [Fact]
    public Task A_second_wallet_cannot_see_the_first_wallets_name_or_notes() => RunAsync(async run =>
    {
        var alice = BrowserWallet.FromSeed(5103);
        var alicePage = await run.NewVisitorAsync(alice);
        await SignInAsync(alicePage, alice);
        await SaveNameAsync(alicePage, "Alice");
        await Expect(alicePage.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "saved");
        await AddNoteAsync(alicePage, "Alice's secret: the cake is in the fridge");

        var bob = BrowserWallet.FromSeed(5104);
        var bobPage = await run.NewVisitorAsync(bob);
        await SignInAsync(bobPage, bob);
        await Expect(bobPage.GetByTestId("signed-in-name")).ToHaveTextAsync("Anonymous wallet");

        await bobPage.GotoAsync("/profile");
        await Expect(bobPage.GetByTestId("profile-name")).ToHaveAttributeAsync("placeholder", "e.g. Ada Lovelace");
        await Expect(bobPage.GetByTestId("profile-name")).ToHaveValueAsync("");

        await OpenNotesAsync(bobPage);
        await Expect(bobPage.GetByTestId("note")).ToHaveCountAsync(0);
        await Expect(bobPage.Locator("#notes-empty")).ToBeVisibleAsync();
    });

    [Fact]
    public Task A_permission_not_granted_is_refused_and_the_page_says_so() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5105);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet, withhold: ["profile/write"]);
        await Expect(page.Locator("[data-permission='profile/write']")).ToHaveAttributeAsync("data-granted", "false");

        await SaveNameAsync(page, "Mallory");

        var status = page.GetByTestId("profile-status");
        await Expect(status).ToHaveAttributeAsync("data-code", "insufficient_scope");
        await Expect(status).ToContainTextAsync("Refused (403)");
        await Expect(status).ToContainTextAsync("“profile/write”");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("profile-name")).ToHaveValueAsync("");
    });

    [Fact]
    public Task Notes_can_be_added_kept_across_reloads_and_deleted() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5106);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        await AddNoteAsync(page, "Buy oat milk");
        await AddNoteAsync(page, "Call the bank\nabout the <b>card</b>");

        await OpenNotesAsync(page);
        var notes = page.GetByTestId("note");
        await Expect(notes).ToHaveCountAsync(2);
        await Expect(notes.First).ToContainTextAsync("about the <b>card</b>"); // newest first, shown as text
        await notes.Last.GetByTestId("note-delete").ClickAsync();
        await Expect(notes).ToHaveCountAsync(1);

        await page.ReloadAsync();
        await Expect(page.GetByTestId("note")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("note")).Not.ToContainTextAsync("oat milk");
    });

    [Fact]
    public Task During_a_store_outage_saving_says_to_try_again_and_works_once_it_is_over() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5107);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        await page.GotoAsync("/profile");
        await Expect(page.GetByTestId("profile-name")).ToHaveAttributeAsync("placeholder", "e.g. Ada Lovelace");

        run.Site.Cache.Down = true;
        try
        {
            await page.GetByTestId("profile-name").FillAsync("Ada");
            await page.GetByTestId("profile-save").ClickAsync();
            var status = page.GetByTestId("profile-status");
            await Expect(status).ToHaveAttributeAsync("data-code", "store_unavailable");
            await Expect(status).ToContainTextAsync("briefly unavailable");
            await Expect(page.GetByTestId("banner")).ToBeHiddenAsync(); // not "signed out"

            // The home page cannot tell who this is right now: it says so instead of showing the sign-in form.
            var home = await page.GotoAsync("/");
            Assert.Equal(503, home?.Status);
            await Expect(page.GetByTestId("unavailable")).ToContainTextAsync("temporarily unavailable");
            await Expect(page.GetByTestId("signin")).ToHaveCountAsync(0);
        }
        finally
        {
            run.Site.Cache.Down = false;
        }

        await page.GetByTestId("unavailable-retry").ClickAsync();
        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
        await SaveNameAsync(page, "Ada");
        await Expect(page.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "saved");
    });

    private static async Task AddNoteAsync(IPage page, string text)
    {
        await OpenNotesAsync(page);
        var before = await page.GetByTestId("note").CountAsync();
        await page.GetByTestId("note-text").FillAsync(text);
        await page.GetByTestId("note-add").ClickAsync();
        await Expect(page.GetByTestId("note")).ToHaveCountAsync(before + 1);
    }

    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        var path = Path.Combine(TestArtifacts.Screenshots, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) == "1")
        {
            var docs = Path.Combine(TestArtifacts.RepositoryRoot, "docs", "images");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, fileName), overwrite: true);
        }
    }
}
