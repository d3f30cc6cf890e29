using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Web3Auth.Client.Tests;

/// <summary>Renewal before the end, driven by the one manual clock of server and client.</summary>
public class RenewalTests
{
    [Theory]
    [InlineData(Web3SessionKeyType.P256)]
    [InlineData(Web3SessionKeyType.Secp256k1)]
    public async Task The_first_request_inside_the_renewal_window_renews_in_place_and_swaps_the_token(Web3SessionKeyType type)
    {
        using var site = new Site(o => { o.KeyType = type; o.SessionLifetime = TimeSpan.FromHours(1); o.RenewBefore = TimeSpan.FromMinutes(5); });
        using var http = site.CreateClient();
        var before = await http.GetFromJsonAsync<JsonObject>("/auth/web3/session");
        var first = site.Session.Current!;

        site.Time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Same(first, site.Session.Current);
        Assert.Equal(1, site.Signer.Count);

        site.Time.Advance(TimeSpan.FromMinutes(2)); // 4 minutes left
        var after = await http.GetFromJsonAsync<JsonObject>("/auth/web3/session");

        Assert.Equal(2, site.Signer.Count);
        var renewed = site.Session.Current!;
        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Same(first.Key, renewed.Key);
        Assert.Equal((string)before!["sessionId"]!, (string)after!["sessionId"]!);
        Assert.Equal(site.Time.GetUtcNow().AddHours(1), renewed.ExpiresAt, TimeSpan.FromSeconds(1));
        // The renewal message was asked for with the session's token and a proof, and names the same key.
        var renewal = site.Sent.Single(e => e.Uri.AbsolutePath == "/auth/web3/challenge" && e.Proof is not null);
        Assert.Equal(first.Token, Proofs.TokenOf(renewal));
        Assert.Equal(HttpStatusCode.OK, renewal.Status);
        var messages = site.Signer.Messages.ToArray();
        Assert.Equal(UriLine(messages[0]), UriLine(messages[1]));

        // The old token is dead; the new one carries on.
        Assert.True(first.Key.TryCreateProof("GET", "http://localhost/api/me", first.Token, null, site.Time.GetUtcNow(), out var proof));
        using var stale = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/me");
        stale.Headers.Authorization = new("DPoP", first.Token);
        stale.Headers.Add("DPoP", proof);
        using var raw = new HttpClient(site.CreateServerHandler());
        Assert.Equal(HttpStatusCode.Unauthorized, (await raw.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_requests_in_the_renewal_window_renew_once_and_all_succeed()
    {
        using var site = new Site(o => o.SessionLifetime = TimeSpan.FromHours(1));
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        site.Time.Advance(TimeSpan.FromMinutes(58));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.GetAsync("/api/me")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(2, site.Signer.Count);
    }

    [Fact]
    public async Task A_request_whose_token_a_renewal_rotated_in_flight_is_retried_once_with_the_new_token()
    {
        using var site = new Site(o => { o.SessionLifetime = TimeSpan.FromMinutes(10); o.RenewBefore = TimeSpan.FromMinutes(5); });
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = 0;
        site.BeforeSend = request => request.RequestUri!.Query == "?held" && Interlocked.Exchange(ref first, 1) == 0
            ? HoldAsync()
            : Task.CompletedTask;

        async Task HoldAsync()
        {
            held.SetResult();
            await release.Task;
        }

        site.Time.Advance(TimeSpan.FromSeconds(270)); // 5 min 30 s left: no renewal yet
        var inFlight = http.GetAsync("/api/me?held");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var token = site.Session.Current!.Token;

        site.Time.Advance(TimeSpan.FromSeconds(40)); // inside the window; the held proof is still fresh (40 s)
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.NotEqual(token, site.Session.Current!.Token);
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, (await inFlight.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        var attempts = site.Sent.Where(e => e.Uri.Query == "?held").ToList();
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK], attempts.Select(e => e.Status));
        Assert.Equal(token, Proofs.TokenOf(attempts[0]));
        Assert.Equal(site.Session.Current!.Token, Proofs.TokenOf(attempts[1]));
    }

    [Fact]
    public async Task Without_renewal_the_first_request_after_the_end_signs_in_again()
    {
        using var site = new Site(o => { o.SessionLifetime = TimeSpan.FromMinutes(10); o.RenewBefore = TimeSpan.Zero; });
        using var http = site.CreateClient();
        var first = (string)(await http.GetFromJsonAsync<JsonObject>("/auth/web3/session"))!["sessionId"]!;

        site.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(1, site.Signer.Count);

        site.Time.Advance(TimeSpan.FromMinutes(1));
        var second = (string)(await http.GetFromJsonAsync<JsonObject>("/auth/web3/session"))!["sessionId"]!;

        Assert.Equal(2, site.Signer.Count);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_renewal_that_fails_keeps_the_current_token_and_is_tried_again_later()
    {
        using var site = new Site(o => o.SessionLifetime = TimeSpan.FromHours(1));
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        var token = site.Session.Current!.Token;

        site.Signer.Offline = true;
        site.Time.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(token, site.Session.Current!.Token);
        // One attempt only: the next is due after the retry delay.
        Assert.Single(site.Sent, e => e.Uri.AbsolutePath == "/auth/web3/challenge" && e.Proof is not null);

        site.Signer.Offline = false;
        site.Time.Advance(Web3ClientSession.RenewalRetryDelay);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.NotEqual(token, site.Session.Current!.Token);
        Assert.Equal(2, site.Signer.Count);
    }

    [Fact]
    public async Task Permissions_are_asked_for_again_at_renewal_so_one_that_lapsed_is_granted_anew()
    {
        // notes/read lasts at most 10 minutes inside a longer session.
        using var site = new Site(o => { o.Permissions = ["profile/read", "notes/read"]; o.SessionLifetime = TimeSpan.FromMinutes(20); o.RenewBefore = TimeSpan.FromMinutes(9); });
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/notes")).StatusCode);

        site.Time.Advance(TimeSpan.FromMinutes(10));
        await Assert.ThrowsAsync<Web3PermissionDeniedException>(() => http.GetAsync("/api/notes"));

        site.Time.Advance(TimeSpan.FromMinutes(2)); // 8 minutes left: renew
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/notes")).StatusCode);
        Assert.Equal(2, site.Signer.Count);
    }

    private static string UriLine(string message) => message.Split('\n').Single(l => l.StartsWith("URI: ", StringComparison.Ordinal));
}
