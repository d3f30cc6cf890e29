using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// A single-page app on another origin than the API (issue 16): the sample allows it by CORS (<c>Sample:Cors</c>),
/// and <c>web3auth-client.js</c> with a <c>baseUrl</c> signs in with a key-bound session and calls the API, sending no
/// cookie; an origin the API does not allow gets nothing; the cookie transport is refused before anything is asked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CrossOriginTests(BrowserFixture browser, CrossOriginSites sites) : IClassFixture<CrossOriginSites>
{
    private static readonly string[] Permissions = ["profile/read", "notes/read", "notes/write"];

    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task A_page_on_another_origin_signs_in_with_a_key_bound_session_and_calls_the_API() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7101);
        var page = await run.NewVisitorAsync(wallet, sites.Api);
        var toApi = RecordApiTraffic(page);
        await sites.Spa.OpenAsync(page);

        var outcome = await page.EvaluateAsync<JsonElement>("""
            async ({ api, permissions }) => {
              const { Web3AuthClient, discoverWallets } = window.web3auth;
              const [wallet] = await discoverWallets();
              const auth = new Web3AuthClient({ baseUrl: api });
              const session = await auth.signIn(wallet.provider, { permissions });
              const note = await auth.fetchJson("/api/notes", { method: "POST", body: { text: "Written from another origin" } });
              const notes = await auth.fetchJson("/api/notes");
              const current = await auth.session();
              return { session, note, notes: notes.map((n) => n.text), current, crossOrigin: auth.crossOrigin };
            }
            """, new { api = sites.Api.Origin, permissions = Permissions });

        Assert.True(outcome.GetProperty("crossOrigin").GetBoolean());
        var session = outcome.GetProperty("session");
        Assert.StartsWith("did:key:zDn", session.GetProperty("sessionKey").GetString(), StringComparison.Ordinal);
        Assert.False(session.TryGetProperty("token", out _)); // the client keeps the token next to its key
        Assert.Equal(["Written from another origin"], outcome.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(wallet.Address, outcome.GetProperty("current").GetProperty("address").GetString());

        // The wallet was asked by the app's origin and signed for it; the message's URI is the session key, and the
        // ReCap grants the API's origin.
        var message = Assert.Single(wallet.SignedMessages);
        Assert.StartsWith($"{sites.Spa.Domain} wants you to sign in with your Ethereum account:\n{wallet.Address}\n", message, StringComparison.Ordinal);
        Assert.Matches(UriDidKey(), message);
        Assert.Contains($"for '{sites.Api.Origin}'", message, StringComparison.Ordinal);

        // Every key-bound call was first refused for want of a server nonce, which the page could read only because
        // the API exposes DPoP-Nonce, and then answered; CORS named the app's origin; no request carried a cookie.
        var calls = toApi.ToArray();
        Assert.Contains(calls, c => c.Status == 401 && c.Path == "/api/notes" && c.Method == "POST");
        Assert.Contains(calls, c => c.Status == 201 && c.Path == "/api/notes" && c.Method == "POST");
        Assert.All(calls.Where(c => c.Method != "OPTIONS"), c => Assert.Equal(sites.Spa.Origin, c.AllowOrigin));
        Assert.All(calls, c => Assert.False(c.SentCookie, $"{c.Method} {c.Path} carried a cookie"));
        Assert.Empty(await page.Context.CookiesAsync([sites.Api.Origin]));

        // The session is not lost: after a reload a new client finds it in IndexedDB and goes on with it.
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
        var again = await page.EvaluateAsync<string[]>("""
            async ({ api }) => (await new window.web3auth.Web3AuthClient({ baseUrl: api }).fetchJson("/api/notes")).map((n) => n.text)
            """, new { api = sites.Api.Origin });
        Assert.Equal(["Written from another origin"], again);
        Assert.Single(await SessionsOnTheServerAsync(wallet));

        // Signing out from the app ends the session on the server.
        await page.EvaluateAsync("async ({ api }) => new window.web3auth.Web3AuthClient({ baseUrl: api }).signOut()", new { api = sites.Api.Origin });
        Assert.Empty(await SessionsOnTheServerAsync(wallet));
        // The browser logs each refused nonce-less call (a 401); nothing else went wrong in the page.
        var problems = run.ConsoleProblems(page);
        Assert.True(problems.All(p => p.Contains("401", StringComparison.Ordinal)), string.Join("\n", problems));
    });

    [Fact]
    public Task A_page_on_another_origin_follows_its_session_live_and_sees_it_end() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7104);
        var page = await run.NewVisitorAsync(wallet, sites.Api);
        await sites.Spa.OpenAsync(page);

        // watch() over a key-bound session across origins: a proof per attempt, the nonce read from the exposed
        // header, no token in the URL; then the session is revoked elsewhere and the stream says so.
        await page.EvaluateAsync("""
            async ({ api }) => {
              const { Web3AuthClient, discoverWallets } = window.web3auth;
              const [wallet] = await discoverWallets();
              const auth = new Web3AuthClient({ baseUrl: api });
              await auth.signIn(wallet.provider, { permissions: ["profile/read"] });
              const watcher = auth.watch();
              window.live = { events: [], urls: [] };
              for (const type of ["connected", "expirationsUpdated", "disconnected", "error"]) {
                watcher.addEventListener(type, (e) => window.live.events.push({ type, reason: e.detail?.reason ?? null, code: e.detail?.code ?? e.detail?.error?.code ?? null, sessionId: e.detail?.sessionId ?? null }));
              }
            }
            """, new { api = sites.Api.Origin });
        await page.WaitForFunctionAsync("() => window.live.events.some((e) => e.type === 'connected')", null, new() { Timeout = 10_000 });
        var stored = await page.EvaluateAsync<string>("""
            () => new Promise((resolve) => {
              const open = indexedDB.open("web3auth");
              open.onsuccess = () => {
                const read = open.result.transaction("session-keys").objectStore("session-keys").getAllKeys();
                read.onsuccess = () => resolve(read.result.join(","));
              };
            })
            """);
        Assert.Equal(sites.Api.Origin + "/auth/web3", stored); // one record, under the API's endpoints

        var session = Assert.Single(await SessionsOnTheServerAsync(wallet));
        using var http = sites.Api.CreateApiClient();
        var other = await Api.BearerClient.SignInAsync(http, wallet.Key);
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/auth/web3/sessions/{session.Id}")).StatusCode);

        await page.WaitForFunctionAsync("() => window.live.events.some((e) => e.type === 'disconnected')", null, new() { Timeout = 5_000 });
        var events = await page.EvaluateAsync<JsonElement>("() => window.live.events");
        Assert.Equal("connected", events[0].GetProperty("type").GetString());
        Assert.Equal(session.Id, events[0].GetProperty("sessionId").GetString());
        var end = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "disconnected");
        Assert.Equal("revoked", end.GetProperty("reason").GetString());
    });

    [Fact]
    public Task A_page_on_an_origin_the_API_does_not_allow_gets_nothing_from_it() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7102);
        var page = await run.NewVisitorAsync(wallet, sites.Api);
        await sites.Stranger.OpenAsync(page);

        var outcome = await page.EvaluateAsync<JsonElement>("""
            async ({ api }) => {
              const { Web3AuthClient, discoverWallets } = window.web3auth;
              const [wallet] = await discoverWallets();
              const auth = new Web3AuthClient({ baseUrl: api });
              const signIn = await auth.signIn(wallet.provider, { permissions: ["profile/read"] }).then(() => "signed in", (e) => e.code);
              const plain = await fetch(api + "/api/profile").then((r) => "read " + r.status, (e) => e.name);
              return { signIn, plain };
            }
            """, new { api = sites.Api.Origin });

        // The challenge's preflight is refused, so nothing reaches the wallet; a plain read cannot be read either.
        Assert.Equal("network_error", outcome.GetProperty("signIn").GetString());
        Assert.Equal("TypeError", outcome.GetProperty("plain").GetString());
        Assert.Empty(wallet.SignedMessages);
        Assert.Empty(await SessionsOnTheServerAsync(wallet));
    });

    [Fact]
    public Task The_cookie_transport_is_refused_for_another_origin_before_a_session_is_opened() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(7103);
        var page = await run.NewVisitorAsync(wallet, sites.Api);
        var toApi = RecordApiTraffic(page);
        await sites.Spa.OpenAsync(page);

        var refusal = await page.EvaluateAsync<JsonElement>("""
            ({ api }) => {
              try {
                new window.web3auth.Web3AuthClient({ baseUrl: api, transport: "cookie" });
                return { name: "none" };
              } catch (error) {
                return { name: error.name, message: error.message };
              }
            }
            """, new { api = sites.Api.Origin });

        // A cookie session opened from here would be lost: the browser keeps no SameSite=Strict cookie from another
        // site's fetch, and the API refuses cookie writes from another origin. So the client refuses at once.
        Assert.Equal("TypeError", refusal.GetProperty("name").GetString());
        Assert.Contains("cookie transport needs the API on this page's origin", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(toApi);
        Assert.Empty(wallet.SignedMessages);
        Assert.Empty(await SessionsOnTheServerAsync(wallet));
        Assert.Empty(await page.Context.CookiesAsync([sites.Api.Origin]));
    });

    [Fact]
    public async Task The_API_answers_CORS_for_the_allowed_origin_only_with_the_headers_a_key_bound_client_needs()
    {
        using var http = sites.Api.CreateApiClient();

        async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, path);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", method);
            request.Headers.Add("Access-Control-Request-Headers", headers);
            return await http.SendAsync(request);
        }

        foreach (var (path, method) in new[] { ("/auth/web3/session", "DELETE"), ("/auth/web3/sessions/abc", "DELETE"), ("/auth/web3/challenge", "POST"), ("/api/notes", "POST"), ("/api/profile", "PUT") })
        {
            var allowed = await PreflightAsync(path, sites.Spa.Origin, method, "authorization,dpop,content-type");
            Assert.True(allowed.StatusCode == HttpStatusCode.NoContent, $"{path}: {allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
            Assert.Equal(sites.Spa.Origin, Header(allowed, "Access-Control-Allow-Origin"));
            Assert.Equal("authorization,dpop,content-type,last-event-id", Header(allowed, "Access-Control-Allow-Headers")?.ToLowerInvariant());
            Assert.Null(Header(allowed, "Access-Control-Allow-Credentials"));

            var stranger = await PreflightAsync(path, sites.Stranger.Origin, method, "authorization,dpop,content-type");
            Assert.Null(Header(stranger, "Access-Control-Allow-Origin"));
        }

        // The answers themselves expose what the client reads.
        using var get = new HttpRequestMessage(HttpMethod.Get, "/auth/web3/session");
        get.Headers.Add("Origin", sites.Spa.Origin);
        var answer = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(sites.Spa.Origin, Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal(["DPoP-Nonce", "WWW-Authenticate", "Retry-After", "Link"], Header(answer, "Access-Control-Expose-Headers")!.Split(','));

        // Pages are not shared with other origins.
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Add("Origin", sites.Spa.Origin);
        Assert.Null(Header(await http.SendAsync(pageRequest), "Access-Control-Allow-Origin"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private async Task<IReadOnlyList<Web3Session>> SessionsOnTheServerAsync(BrowserWallet wallet) =>
        await sites.Api.Services.GetRequiredService<IWeb3SessionStore>().ListSessionsAsync(
            new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, wallet.Key.Address), sites.Api.Clock.GetUtcNow(), CancellationToken.None);

    // Every request of the page to the API's origin, with its answer.
    private ConcurrentQueue<ApiCall> RecordApiTraffic(IPage page)
    {
        var calls = new ConcurrentQueue<ApiCall>();
        page.RequestFinished += async (_, request) =>
        {
            if (!request.Url.StartsWith(sites.Api.Origin + "/", StringComparison.Ordinal))
            {
                return;
            }

            var response = await request.ResponseAsync();
            var sent = await request.AllHeadersAsync();
            var headers = response is null ? new Dictionary<string, string>() : await response.AllHeadersAsync();
            calls.Enqueue(new ApiCall(request.Method, new Uri(request.Url).AbsolutePath, response?.Status ?? 0,
                headers.GetValueOrDefault("access-control-allow-origin"), sent.ContainsKey("cookie")));
        };
        page.RequestFailed += (_, request) =>
        {
            if (request.Url.StartsWith(sites.Api.Origin + "/", StringComparison.Ordinal))
            {
                calls.Enqueue(new ApiCall(request.Method, new Uri(request.Url).AbsolutePath, 0, null, false));
            }
        };
        return calls;
    }

    private sealed record ApiCall(string Method, string Path, int Status, string? AllowOrigin, bool SentCookie);

    [GeneratedRegex(@"\nURI: did:key:zDn[1-9A-HJ-NP-Za-km-z]+\n")]
    private static partial Regex UriDidKey();
}
