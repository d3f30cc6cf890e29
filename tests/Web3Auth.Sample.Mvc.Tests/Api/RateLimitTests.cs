using System.Net;
using System.Net.Http.Json;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

/// <summary>The sign-in endpoints are rate limited per client address (Sample:RateLimit).</summary>
public sealed class RateLimitTests
{
    private const int Permits = 3;

    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "error", "traceId"];

    [Fact]
    public async Task A_burst_over_the_limit_is_a_429_problem_with_retry_after_while_another_client_is_still_served()
    {
        await using var site = new SampleSite { RateLimitPermits = Permits, RateLimitWindow = TimeSpan.FromMinutes(10) }.Start();
        using var http = site.CreateApiClient();

        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ChallengeAsync(http, "203.0.113.7")).StatusCode);
        }

        var refused = await ChallengeAsync(http, "203.0.113.7");
        var body = await refused.Content.ReadAsStringAsync();
        var problem = await BearerClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", (string?)problem["error"]);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        // Only the problem's own members: no message, no nonce, nothing about the partition.
        Assert.All(problem, member => Assert.Contains(member.Key, ProblemMembers));
        Assert.DoesNotContain("203.0.113.7", body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await ChallengeAsync(http, "203.0.113.8")).StatusCode);
    }

    [Fact]
    public async Task An_ipv6_client_is_limited_by_its_64_prefix()
    {
        await using var site = new SampleSite { RateLimitPermits = Permits }.Start();
        using var http = site.CreateApiClient();

        for (var i = 1; i <= Permits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ChallengeAsync(http, $"2001:db8:0:1::{i}")).StatusCode);
        }

        // Another address in the same /64 is the same subscriber; the next /64 is someone else.
        await BearerClient.AssertProblemAsync(await ChallengeAsync(http, "2001:db8:0:1:ffff::1"), HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await ChallengeAsync(http, "2001:db8:0:2::1")).StatusCode);
    }

    private static async Task<HttpResponseMessage> ChallengeAsync(HttpClient http, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/web3/challenge")
        {
            Content = JsonContent.Create(new { address = TestWallet.FromSeed(6501).Address.ToString() }),
        };
        request.Headers.Add(TestClientAddress.Header, clientAddress);
        return await http.SendAsync(request);
    }
}
