using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary><see cref="Web3SessionKeyOptions.SignInPagePath"/>: pages a person opens go to sign in; API calls keep their 401.</summary>
public class SignInPageRedirectTests
{
    private static Web3AppFactory App(Action<Web3SessionKeyOptions>? more = null) => new()
    {
        ConfigureOptions = o =>
        {
            o.SignInPagePath = "/signin";
            more?.Invoke(o);
        },
    };

    private static Task<HttpResponseMessage> GetAsync(Web3TestClient client, string path, string accept, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_page_opened_without_a_session_redirects_to_sign_in_with_the_way_back()
    {
        using var app = App();
        using var client = app.CreateWeb3Client();

        var response = await GetAsync(client, "/api/profile?tab=notes", "text/html,application/xhtml+xml,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString("/api/profile?tab=notes"), response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_page_opened_with_an_ended_session_says_so_in_the_redirect()
    {
        using var app = App();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(970));
        await client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token);

        var response = await GetAsync(client, "/api/profile", "text/html", token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("&ended=expired", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_call_and_a_store_outage_keep_their_problem_answers()
    {
        using var app = App();
        using var client = app.CreateWeb3Client();
        await Web3TestClient.AssertProblemAsync(await GetAsync(client, "/api/profile", "application/json"), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);

        using var down = new Web3AppFactory { ConfigureOptions = o => o.SignInPagePath = "/signin", ConfigureServices = s => s.AddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(new ThrowingCache { Down = true }) };
        using var downClient = down.CreateWeb3Client();
        var outage = await GetAsync(downClient, "/api/profile", "text/html", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await Web3TestClient.AssertProblemAsync(outage, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
    }

    [Fact]
    public async Task The_sign_in_page_itself_is_never_redirected_to_itself()
    {
        using var app = App(o => o.SignInPagePath = "/api/me");
        using var client = app.CreateWeb3Client();

        var response = await GetAsync(client, "/api/me", "text/html");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
