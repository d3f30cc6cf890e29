using System.Net;
using System.Text.Json.Nodes;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>Every answer under the endpoint prefix is problem+json, unmatched paths and methods included; lists are paged.</summary>
public class EndpointProblemTests
{
    [Theory]
    [InlineData("GET", "/auth/web3/nothing-here")]
    [InlineData("POST", "/auth/web3/challenge/extra")]
    [InlineData("DELETE", "/auth/web3/")]
    public async Task An_unknown_path_under_the_prefix_is_a_404_problem(string method, string path)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(new HttpMethod(method), path), HttpStatusCode.NotFound, Web3ErrorCodes.NotFound);
    }

    [Theory]
    [InlineData("GET", "/auth/web3/challenge", "POST")]
    [InlineData("PUT", "/auth/web3/session", "GET, POST, DELETE")]
    [InlineData("POST", "/auth/web3/sessions", "GET, DELETE")]
    [InlineData("GET", "/auth/web3/sessions/abc", "DELETE")]
    [InlineData("PATCH", "/auth/web3/session/permissions/profile/read", "DELETE")]
    public async Task A_wrong_method_is_a_405_problem_naming_the_allowed_ones(string method, string path, string allowed)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(new HttpMethod(method), path);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, Web3ErrorCodes.MethodNotAllowed);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task The_session_list_is_paged_newest_first_with_a_next_link()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(960);
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await client.SignInTokenAsync(wallet));
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        var next = "/auth/web3/sessions?limit=2";
        while (next is not null)
        {
            var response = await client.SendAsync(HttpMethod.Get, next, tokens[0]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page.Select(s => (string)s!["sessionId"]!));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        var expected = new List<string>();
        foreach (var token in Enumerable.Reverse(tokens))
        {
            expected.Add(token.Split('.')[0]);
        }

        Assert.Equal(expected, seen);
        foreach (var limit in new[] { "0", "101", "", "two", "+2", "1&limit=2" })
        {
            await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/auth/web3/sessions?limit=" + limit, tokens[0]), HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
        }
    }

    [Fact]
    public async Task Sessions_beyond_the_cap_end_the_oldest_and_the_list_stays_at_the_cap()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.MaxSessionsPerAddress = 3 };
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(961);
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await client.SignInTokenAsync(wallet, lifetime: 3600 + i));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/auth/web3/session", tokens[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/auth/web3/session", tokens[1])).StatusCode);
        var list = JsonNode.Parse(await (await client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", tokens[4])).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(3, list.Count);
    }
}
