using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// The browser contexts of one test (each a separate visitor with its own cookies and wallet). Remembers every page
/// and its console errors; on failure <see cref="SaveArtifactsAsync"/> writes a screenshot and the console of each
/// page to TestResults/screenshots.
/// </summary>
public sealed class BrowserRun(BrowserFixture fixture, string testName) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];
    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<string>> _console = new();

    public SampleSite Site => fixture.Site;

    /// <summary>
    /// A new visitor (fresh cookies and storage) with <paramref name="wallet"/> installed, or no wallet at all, of the
    /// shared site or of <paramref name="site"/>.
    /// </summary>
    public async Task<IPage> NewVisitorAsync(BrowserWallet? wallet, SampleSite? site = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (site ?? Site).Origin,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        if (wallet is not null)
        {
            await wallet.InstallAsync(context);
        }

        return await OpenPageAsync(context);
    }

    /// <summary>Another tab of the visitor of <paramref name="page"/>: same cookies, storage and wallet.</summary>
    public Task<IPage> NewTabAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return OpenPageAsync(page.Context);
    }

    private async Task<IPage> OpenPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        _pages.Add(page);
        var console = _console.GetOrAdd(page, _ => new ConcurrentQueue<string>());
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                console.Enqueue($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => console.Enqueue("uncaught: " + error);
        return page;
    }

    /// <summary>Console errors and warnings of <paramref name="page"/> so far.</summary>
    public IReadOnlyList<string> ConsoleProblems(IPage page) => _console.TryGetValue(page, out var messages) ? [.. messages] : [];

    public async Task SaveArtifactsAsync()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            var stem = Path.Combine(TestArtifacts.Screenshots, $"{testName}-{i + 1}");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 5_000 });
                await File.WriteAllLinesAsync(stem + ".console.txt", [page.Url, .. ConsoleProblems(page)]);
            }
            catch (PlaywrightException)
            {
                // A closed page has nothing to show; the test's own failure is what matters.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }
}
