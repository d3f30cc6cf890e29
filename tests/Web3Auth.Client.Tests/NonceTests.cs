using System.Net;

namespace Web3Auth.Client.Tests;

/// <summary>Server nonces (RFC 9449 §8): the client answers use_dpop_nonce once and keeps the latest nonce.</summary>
public class NonceTests
{
    [Fact]
    public async Task Use_dpop_nonce_is_retried_once_with_the_sites_nonce_and_later_requests_carry_the_latest()
    {
        using var site = new Site(server: o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5));
        using var http = site.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        }

        var proofs = site.Sent.Where(e => e.Proof is not null).ToList();
        Assert.Equal([HttpStatusCode.Unauthorized, .. Enumerable.Repeat(HttpStatusCode.OK, 5)], proofs.Select(e => e.Status));
        Assert.Null(Proofs.Decode(proofs[0].Proof!).Claims["nonce"]);
        Assert.All(proofs.Skip(1), e => Assert.NotNull(Proofs.Decode(e.Proof!).Claims["nonce"]));
        Assert.NotNull(site.Session.Nonce);
    }

    [Fact]
    public async Task A_nonce_that_went_stale_is_replaced_by_one_retry()
    {
        using var site = new Site(server: o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5));
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        site.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        Assert.Equal(2, site.Sent.Count(e => e.Status == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_renewal_with_a_stale_nonce_still_renews()
    {
        // The renewal's challenge answers a stale nonce with use_dpop_nonce and a new nonce, like any authenticated
        // endpoint: one retry with it renews.
        using var site = new Site(o => o.SessionLifetime = TimeSpan.FromHours(1), server: o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5));
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        var token = site.Session.Current!.Token;

        site.Time.Advance(TimeSpan.FromMinutes(57));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        Assert.NotEqual(token, site.Session.Current!.Token);
        Assert.Equal(2, site.Signer.Count);
        var renewal = site.Sent.SkipWhile(e => e.Uri.AbsolutePath != "/auth/web3/challenge" || e.Proof is null).Select(e => (e.Method.Method, e.Uri.AbsolutePath, (int)e.Status)).ToList();
        Assert.Equal(
            [("POST", "/auth/web3/challenge", 401), ("POST", "/auth/web3/challenge", 200), ("POST", "/auth/web3/session", 200), ("GET", "/api/me", 200)],
            renewal);
    }

    [Fact]
    public async Task Concurrent_requests_with_nonces_all_succeed()
    {
        using var site = new Site(server: o => o.Dpop.NonceLifetime = TimeSpan.FromMinutes(5));
        using var http = site.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => http.GetAsync("/api/me")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, site.Signer.Count);
    }
}
