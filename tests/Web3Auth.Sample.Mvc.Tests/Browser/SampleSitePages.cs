using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>What a person does on the sample's pages, step by step (locators are the pages' data-testid attributes).</summary>
public static class SampleSitePages
{
    /// <summary>Opens the sign-in page and waits until the wallet list is shown.</summary>
    public static async Task OpenSignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("wallets")).Not.ToContainTextAsync("Looking for wallets");
    }

    /// <summary>Signs in from the home page with the default permissions minus <paramref name="withhold"/>; waits for the account page.</summary>
    public static async Task SignInAsync(IPage page, BrowserWallet wallet, string[]? withhold = null, string? lifetimeSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(wallet);
        await OpenSignInAsync(page);
        await StartSignInAsync(page, withhold, lifetimeSeconds);
        await Expect(page.GetByTestId("signed-in-address")).ToHaveTextAsync(wallet.Address);
    }

    /// <summary>Picks permissions and clicks "Sign in" on an open sign-in page, without waiting for the outcome.</summary>
    public static async Task StartSignInAsync(IPage page, string[]? withhold = null, string? lifetimeSeconds = null)
    {
        foreach (var permission in withhold ?? [])
        {
            await page.GetByTestId("permission-" + permission).UncheckAsync();
        }

        if (lifetimeSeconds is not null)
        {
            await page.Locator("#lifetime").SelectOptionAsync(lifetimeSeconds);
        }

        await page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>The sign-in status box, once it shows an outcome with <paramref name="code"/>.</summary>
    public static async Task<ILocator> SignInStatusAsync(IPage page, string code)
    {
        var status = page.GetByTestId("signin-status");
        await Expect(status).ToHaveAttributeAsync("data-code", code);
        return status;
    }

    /// <summary>Saves a name on the profile page and waits for the answer.</summary>
    public static async Task SaveNameAsync(IPage page, string name)
    {
        await page.GotoAsync("/profile");
        var input = page.GetByTestId("profile-name");
        await Expect(input).Not.ToHaveAttributeAsync("placeholder", "Loading…");
        await input.FillAsync(name);
        await page.GetByTestId("profile-save").ClickAsync();
    }

    /// <summary>Waits until the profile page's <c>GET /api/profile</c> has succeeded (the form is filled in).</summary>
    public static Task ProfileLoadedAsync(IPage page) =>
        Expect(page.GetByTestId("profile-name")).ToHaveAttributeAsync("placeholder", "e.g. Ada Lovelace");

    /// <summary>Opens the notes page and waits until the list has loaded.</summary>
    public static async Task OpenNotesAsync(IPage page)
    {
        await page.GotoAsync("/notes");
        await page.WaitForFunctionAsync("() => !document.getElementById('notes-empty').hidden || document.querySelectorAll('[data-testid=note]').length > 0 || !document.getElementById('notes-status').hidden");
    }
}
