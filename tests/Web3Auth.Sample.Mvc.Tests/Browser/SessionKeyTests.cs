using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Web3Auth.Sample.Mvc.Tests.Api;
using Web3Auth.Siwe.Keys;
using Web3Auth.Testing;
using static Microsoft.Playwright.Assertions;
using static Web3Auth.Sample.Mvc.Tests.Browser.SampleSitePages;

namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// The sample's sessions are key-bound: web3auth-client.js makes a non-extractable P-256 key, keeps it in IndexedDB,
/// has the wallet delegate the session to it, and signs a DPoP proof for every API call (docs/security.md
/// "Key-bound sessions").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SessionKeyTests(BrowserFixture browser)
{
    private Task RunAsync(Func<BrowserRun, Task> scenario, [CallerMemberName] string test = "") => browser.RunAsync(test, scenario);

    [Fact]
    public Task The_wallet_delegates_the_session_to_this_browsers_key_named_by_its_did_key() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5301);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        var message = Assert.Single(wallet.SignedMessages);
        var did = Assert.Single(UriLine().Matches(message)).Groups["uri"].Value;
        Assert.StartsWith("did:key:zDn", did, StringComparison.Ordinal);
        Assert.Contains($"for '{run.Site.Origin}'", message, StringComparison.Ordinal); // the ReCap still grants the site

        // The did:key is the key the page keeps, and the one the server bound the session to.
        var stored = await StoredSessionKey.ReadRequiredAsync(page);
        Assert.True(DidKey.TryParse(did, out var curve, out var x, out var y));
        Assert.Equal(SessionKeyCurve.P256, curve);
        Assert.Equal(Base64Url.EncodeToString(x), stored.Jwk.GetProperty("x").GetString());
        Assert.Equal(Base64Url.EncodeToString(y), stored.Jwk.GetProperty("y").GetString());
        Assert.Equal(did, stored.SessionKey);

        await page.GotoAsync("/sessions");
        var binding = page.GetByTestId("session-key");
        await Expect(binding).ToHaveAttributeAsync("data-session-key", did);
        await Expect(binding).ToContainTextAsync("bound to key did:key:zDn");
        await Expect(binding).ToContainTextAsync("this browser's session key");
        Assert.Empty(run.ConsoleProblems(page));
    });

    [Fact]
    public Task The_session_key_kept_in_IndexedDB_cannot_be_exported() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5302);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);

        // What any script of the page could try: read the key from IndexedDB and export it.
        var key = await page.EvaluateAsync<JsonElement>($$"""
            async () => {
              const record = await ({{StoredSessionKey.ReadRecordScript}})();
              const { privateKey, publicKey } = record.keyPair;
              const attempt = (format) => crypto.subtle.exportKey(format, privateKey).then(() => "exported", (error) => error.name);
              return {
                isCryptoKey: privateKey instanceof CryptoKey,
                type: privateKey.type,
                extractable: privateKey.extractable,
                algorithm: privateKey.algorithm.name + " " + privateKey.algorithm.namedCurve,
                usages: privateKey.usages,
                jwk: await attempt("jwk"),
                pkcs8: await attempt("pkcs8"),
                storedJwk: Object.keys(record.jwk).sort(),
                publicMatches: (await crypto.subtle.exportKey("jwk", publicKey)).x === record.jwk.x,
              };
            }
            """);

        Assert.True(key.GetProperty("isCryptoKey").GetBoolean());
        Assert.Equal("private", key.GetProperty("type").GetString());
        Assert.False(key.GetProperty("extractable").GetBoolean());
        Assert.Equal("ECDSA P-256", key.GetProperty("algorithm").GetString());
        Assert.Equal(new[] { "sign" }, key.GetProperty("usages").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("InvalidAccessError", key.GetProperty("jwk").GetString());
        Assert.Equal("InvalidAccessError", key.GetProperty("pkcs8").GetString());
        Assert.Equal(new[] { "crv", "kty", "x", "y" }, key.GetProperty("storedJwk").EnumerateArray().Select(m => m.GetString()));
        Assert.True(key.GetProperty("publicMatches").GetBoolean());
    });

    [Fact]
    public Task A_token_copied_out_of_the_page_is_refused_from_another_client() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5303);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        var profileUrl = run.Site.Origin + "/api/profile";
        var pageCall = await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/profile"), profileUrl);
        Assert.Equal(200, pageCall.Status);
        var captured = await DpopRequest.ReadAsync(pageCall.Request);
        var token = (await StoredSessionKey.ReadRequiredAsync(page)).Token;
        Assert.Equal(token, captured.Token);

        using var http = run.Site.CreateApiClient();
        Task<HttpResponseMessage> GetProfileAsync(params (string Name, string Value)[] headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            return http.SendAsync(request);
        }

        // As a bearer token: refused, and the server says a DPoP proof is what it needs.
        var asBearer = await GetProfileAsync(("Authorization", "Bearer " + token));
        Assert.Equal("invalid_token", (string?)(await BearerClient.AssertProblemAsync(asBearer, HttpStatusCode.Unauthorized))["error"]);
        Assert.Contains(asBearer.Headers.WwwAuthenticate, h => h.Scheme == "DPoP");

        // With a proof by another key (the thief's own): refused.
        using var thief = DpopTestKey.P256();
        var withOtherKey = await GetProfileAsync(("Authorization", "DPoP " + token), ("DPoP", thief.Proof("GET", profileUrl, token, run.Site.Clock.GetUtcNow())));
        Assert.Equal("invalid_dpop_proof", (string?)(await BearerClient.AssertProblemAsync(withOtherKey, HttpStatusCode.Unauthorized))["error"]);

        // With the page's own proof, captured on the wire: already used, refused.
        var replayed = await GetProfileAsync(("Authorization", "DPoP " + token), ("DPoP", captured.Proof));
        Assert.Equal("invalid_dpop_proof", (string?)(await BearerClient.AssertProblemAsync(replayed, HttpStatusCode.Unauthorized))["error"]);

        // As the session cookie: the cookie holds another secret, so refused too.
        var asCookie = await GetProfileAsync(("Cookie", "__Host-web3-session=" + token));
        Assert.Equal("invalid_token", (string?)(await BearerClient.AssertProblemAsync(asCookie, HttpStatusCode.Unauthorized))["error"]);

        // The page itself, which holds the key, carries on.
        await page.ReloadAsync();
        await ProfileLoadedAsync(page);
    });

    [Fact]
    public Task After_a_reload_every_API_call_still_carries_a_fresh_DPoP_proof() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5304);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        await page.GotoAsync("/profile");
        await ProfileLoadedAsync(page);
        var stored = await StoredSessionKey.ReadRequiredAsync(page);
        var profileUrl = run.Site.Origin + "/api/profile";

        var load = await page.RunAndWaitForResponseAsync(() => page.ReloadAsync(), profileUrl);
        await ProfileLoadedAsync(page);
        var save = await page.RunAndWaitForResponseAsync(async () =>
        {
            await page.GetByTestId("profile-name").FillAsync("Ada");
            await page.GetByTestId("profile-save").ClickAsync();
        }, r => r.Url == profileUrl && r.Request.Method == "PUT");
        await Expect(page.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "saved");

        Assert.Equal((200, 200), (load.Status, save.Status));
        var get = await DpopRequest.ReadAsync(load.Request);
        var put = await DpopRequest.ReadAsync(save.Request);
        foreach (var (call, method) in new[] { (get, "GET"), (put, "PUT") })
        {
            Assert.Equal(stored.Token, call.Token);
            Assert.Equal("dpop+jwt", (string?)call.Header["typ"]);
            Assert.Equal("ES256", (string?)call.Header["alg"]);
            var jwk = call.Header["jwk"]!.AsObject();
            Assert.Equal(new[] { "crv", "kty", "x", "y" }, jwk.Select(m => m.Key).Order(StringComparer.Ordinal));
            Assert.Equal(stored.Jwk.GetProperty("x").GetString(), (string?)jwk["x"]);
            Assert.Equal(method, (string?)call.Claims["htm"]);
            Assert.Equal(profileUrl, (string?)call.Claims["htu"]);
            Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(stored.Token))), (string?)call.Claims["ath"]);
            Assert.InRange((long)call.Claims["iat"]!, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        Assert.NotEqual(get.Id, put.Id);
        Assert.Empty(run.ConsoleProblems(page));
    });

    [Fact]
    public Task Renewing_keeps_the_session_on_the_same_key_with_a_new_token() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5309);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet, lifetimeSeconds: "900");
        var before = await StoredSessionKey.ReadRequiredAsync(page);

        await page.GotoAsync("/sessions");
        await page.GetByTestId("renew").ClickAsync();
        await Expect(page.GetByTestId("sessions-status")).ToHaveAttributeAsync("data-code", "renewed");

        var after = await StoredSessionKey.ReadRequiredAsync(page);
        Assert.Equal((before.SessionId, before.SessionKey), (after.SessionId, after.SessionKey));
        Assert.NotEqual(before.Token, after.Token);
        Assert.Equal(2, wallet.SignedMessages.Count);
        Assert.All(wallet.SignedMessages, m => Assert.Contains($"\nURI: {before.SessionKey}\n", m, StringComparison.Ordinal));

        // The page's calls go on with the new token and the same key.
        var load = await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/profile"), run.Site.Origin + "/api/profile");
        Assert.Equal(200, load.Status);
        Assert.Equal(after.Token, (await DpopRequest.ReadAsync(load.Request)).Token);
        await ProfileLoadedAsync(page);
    });

    [Fact]
    public Task Signing_out_deletes_the_session_key() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5305);
        var page = await run.NewVisitorAsync(wallet);
        await SignInAsync(page, wallet);
        Assert.NotNull(await StoredSessionKey.ReadAsync(page));

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page.GetByTestId("ended")).ToHaveTextAsync("You signed out.");
        Assert.Null(await StoredSessionKey.ReadAsync(page));
    });

    [Fact]
    public Task A_session_ended_everywhere_deletes_each_browsers_key() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5306);
        var laptop = await run.NewVisitorAsync(wallet);
        var phone = await run.NewVisitorAsync(wallet);
        await SignInAsync(laptop, wallet);
        await SignInAsync(phone, wallet);
        await phone.GotoAsync("/profile");
        await ProfileLoadedAsync(phone);

        await laptop.GotoAsync("/sessions");
        await Expect(laptop.GetByTestId("session")).ToHaveCountAsync(2);
        await Expect(laptop.Locator("[data-testid=session-key][data-session-key^='did:key:zDn']")).ToHaveCountAsync(2);
        await laptop.GetByTestId("sign-out-everywhere").ClickAsync();
        await Expect(laptop.GetByTestId("ended")).ToHaveTextAsync("You signed out on every device.");
        Assert.Null(await StoredSessionKey.ReadAsync(laptop));

        // The phone's open page hears it on its live stream (revoked), shows it and deletes its key without a call.
        await Expect(phone.GetByTestId("banner")).ToHaveAttributeAsync("data-code", "session_ended");
        Assert.Null(await StoredSessionKey.ReadAsync(phone));
    });

    [Fact]
    public Task A_client_that_opts_out_of_key_binding_gets_a_bearer_session_and_keeps_no_key() => RunAsync(async run =>
    {
        var wallet = BrowserWallet.FromSeed(5307);
        var page = await run.NewVisitorAsync(wallet);
        await OpenSignInAsync(page);

        var list = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync<JsonElement>("""
            async () => {
              const { discoverWallets, Web3AuthClient } = await import("/js/web3auth-client.js");
              const [wallet] = await discoverWallets();
              const client = new Web3AuthClient({ transport: "bearer" });
              await client.signIn(wallet.provider, { permissions: ["profile/read"] });
              return await client.sessions();
            }
            """), run.Site.Origin + "/auth/web3/sessions");

        Assert.Equal(200, list.Status);
        var headers = await list.Request.AllHeadersAsync();
        Assert.StartsWith("Bearer ", headers["authorization"], StringComparison.Ordinal);
        Assert.False(headers.ContainsKey("dpop"));
        var session = Assert.Single((await list.JsonAsync())!.Value.EnumerateArray());
        Assert.False(session.TryGetProperty("sessionKey", out _));
        Assert.Contains($"\nURI: {run.Site.Origin}\n", Assert.Single(wallet.SignedMessages), StringComparison.Ordinal);
        Assert.Null(await StoredSessionKey.ReadAsync(page));
    });

    [Fact]
    public Task With_server_nonces_on_the_page_retries_once_with_the_nonce_and_then_keeps_using_it() => RunAsync(async run =>
    {
        await using var site = new SampleSite { DpopNonceLifetime = TimeSpan.FromMinutes(5) }.Start();
        var wallet = BrowserWallet.FromSeed(5308);
        var page = await run.NewVisitorAsync(wallet, site);
        var profileUrl = site.Origin + "/api/profile";
        var eventsUrl = site.Origin + "/auth/web3/session/events";
        var calls = new ConcurrentQueue<IResponse>();
        var streams = new ConcurrentQueue<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url == profileUrl)
            {
                calls.Enqueue(response);
            }
            else if (response.Url == eventsUrl)
            {
                streams.Enqueue(response);
            }
        };
        await SignInAsync(page, wallet);

        await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/profile"), r => r.Url == profileUrl && r.Status == 200);
        await ProfileLoadedAsync(page);
        await page.RunAndWaitForResponseAsync(async () =>
        {
            await page.GetByTestId("profile-name").FillAsync("Ada");
            await page.GetByTestId("profile-save").ClickAsync();
        }, r => r.Url == profileUrl && r.Request.Method == "PUT");
        await Expect(page.GetByTestId("profile-status")).ToHaveAttributeAsync("data-code", "saved");

        // A page load's first DPoP requests — the profile GET and the page's live stream, which leave together — have
        // no nonce and are answered 401 use_dpop_nonce; each is sent again once with the nonce, and every later proof
        // carries one, which is never refused.
        var answered = calls.Concat(streams).ToArray();
        var proofs = await Task.WhenAll(answered.Select(r => DpopRequest.ReadAsync(r.Request)));
        var refused = answered.Where(r => r.Status == 401).ToArray();
        Assert.NotEmpty(refused);
        foreach (var response in refused)
        {
            Assert.Contains("use_dpop_nonce", await response.HeaderValueAsync("www-authenticate") ?? "", StringComparison.Ordinal);
            Assert.Null(proofs[Array.IndexOf(answered, response)].Claims["nonce"]);
        }

        Assert.True(calls.Count(r => r.Status == 401) <= 1, "the profile GET was refused more than once");
        Assert.Equal(new[] { ("GET", 200), ("PUT", 200) }, calls.Where(r => r.Status != 401).Select(r => (r.Request.Method, r.Status)));
        Assert.All(proofs.Where((_, i) => answered[i].Status != 401), proof => Assert.NotNull((string?)proof.Claims["nonce"]));
        Assert.Equal(proofs.Length, proofs.Select(p => p.Id).Distinct().Count());
    });

    [GeneratedRegex(@"^URI: (?<uri>\S+)$", RegexOptions.Multiline)]
    private static partial Regex UriLine();
}
