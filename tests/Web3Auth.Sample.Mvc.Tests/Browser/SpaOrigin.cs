using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// A single-page app on another origin than the sample's API: a second, tiny Kestrel host at
/// http://127.0.0.1:{free port} (another site than http://localhost:{port}, so neither SameSite nor the browser's
/// same-origin rules help) serving one static page, a copy of the sample's <c>web3auth-client.js</c> — as an app
/// would copy it — and a module that puts the client on <c>window.web3auth</c> for the test to drive. Its Content
/// Security Policy lets the page's script connect to the API's origin only.
/// </summary>
public sealed class SpaOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SpaOrigin(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>e.g. http://127.0.0.1:41235.</summary>
    public string Origin { get; }

    /// <summary>The EIP-4361 domain of a page of this origin: what the wallet compares the message's domain with.</summary>
    public string Domain => new Uri(Origin).Authority;

    /// <summary>The page's address.</summary>
    public string PageUrl => Origin + "/";

    /// <summary>
    /// The API the page calls: its origin is the only other one the page may connect to, and its
    /// <c>web3auth-client.js</c> (read from its web root when the page asks) is the page's client. Set before the page is opened.
    /// </summary>
    public SampleSite? Api { get; set; }

    /// <summary>Starts the host; set <see cref="Api"/> before opening the page.</summary>
    public static async Task<SpaOrigin> StartAsync()
    {
        SpaOrigin? spa = null;
        SampleSite Api() => spa?.Api ?? throw new InvalidOperationException("Set SpaOrigin.Api before opening the page.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Not the sample's appsettings.json (copied next to the tests), whose AllowedHosts is localhost only.
        builder.Configuration["AllowedHosts"] = "127.0.0.1";
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Use(next => context =>
        {
            context.Response.Headers.ContentSecurityPolicy = $"default-src 'self'; script-src 'self'; connect-src 'self' {Api().Origin}; object-src 'none'";
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapGet("/web3auth-client.js", async () => Results.Content(
            await File.ReadAllTextAsync(Path.Combine(Api().Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, "js", "web3auth-client.js")),
            "text/javascript; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent());
        app.MapGet("/spa.js", () => Results.Content(Module, "text/javascript; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        spa = new SpaOrigin(app, address.TrimEnd('/'));
        return spa;
    }

    /// <summary>Opens the page and waits until the client is loaded.</summary>
    public async Task OpenAsync(Microsoft.Playwright.IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(PageUrl);
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>A single-page app on another origin</title></head>
        <body>
          <h1>Notes, from another origin</h1>
          <script type="module" src="/spa.js"></script>
        </body>
        </html>
        """;

    private const string Module = """
        import * as web3auth from "/web3auth-client.js";
        window.web3auth = web3auth;
        document.body.dataset.ready = "true";
        """;
}
