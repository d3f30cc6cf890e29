using Microsoft.Playwright;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>One sample site on Kestrel and one Chromium, shared by the browser tests (which run one at a time).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public SampleSite Site { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Site.Start();
        (_playwright, Browser) = await Chromium.LaunchAsync();
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Site.DisposeAsync();
    }

    /// <summary>Runs a browser scenario; if it fails, every page it opened is saved as a screenshot (see <see cref="BrowserRun"/>).</summary>
    public async Task RunAsync(string testName, Func<BrowserRun, Task> scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var run = new BrowserRun(this, testName);
        try
        {
            await scenario(run);
        }
        catch
        {
            await run.SaveArtifactsAsync();
            throw;
        }
        finally
        {
            await run.DisposeAsync();
        }
    }
}
