using System.Net;

namespace Web3Auth.Client.Tests;

/// <summary>One client, many requests at once: one sign-in, one proof each.</summary>
public class ConcurrencyTests
{
    [Theory]
    [InlineData(Web3SessionKeyType.P256)]
    [InlineData(Web3SessionKeyType.Secp256k1)]
    public async Task Fifty_parallel_requests_through_one_client_share_one_sign_in_and_all_succeed_with_distinct_jti(Web3SessionKeyType type)
    {
        using var site = new Site(o => o.KeyType = type);
        using var http = site.CreateClient();

        // All 50 start before any has an answer: the first ones find no session and race to sign in.
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => http.GetAsync(i % 2 == 0 ? "/api/me" : "/auth/web3/session"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, site.Signer.Count);
        var proofs = site.Sent.Where(e => e.Proof is not null).ToList();
        Assert.Equal(50, proofs.Count);
        Assert.Equal(50, proofs.Select(e => (string)Proofs.Decode(e.Proof!).Claims["jti"]!).Distinct().Count());
        Assert.Single(proofs.Select(Proofs.TokenOf).Distinct());
    }

    [Fact]
    public async Task Handlers_the_factory_recycles_share_the_session()
    {
        using var site = new Site();
        using var first = site.CreateClient();
        using var second = site.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/me")).StatusCode);

        Assert.Equal(1, site.Signer.Count);
    }
}
