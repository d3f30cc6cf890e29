using System.Net;
using System.Net.Http.Json;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

public sealed class PageSecurityTests : IClassFixture<SampleSite>
{
    private readonly SampleSite _site;

    public PageSecurityTests(SampleSite site) => _site = site.Start();

    [Theory]
    [InlineData("/profile")]
    [InlineData("/notes")]
    [InlineData("/sessions")]
    public async Task A_private_page_sends_a_signed_out_visitor_to_sign_in_and_back(string path)
    {
        using var http = _site.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html"); // as a browser navigation asks

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_ignores_a_return_url_to_another_site()
    {
        using var http = _site.CreateApiClient();

        var html = await http.GetStringAsync("/?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Contains("data-return-url=\"\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_writes_are_accepted_from_this_origin_and_refused_from_another()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6301), ["profile/write"]);
        Assert.StartsWith("__Host-web3-session=", client.SessionCookie, StringComparison.Ordinal);

        async Task<HttpResponseMessage> PutWithCookieAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/api/profile") { Content = JsonContent.Create(new { name = "Ada" }) };
            request.Headers.Add("Cookie", client.SessionCookie);
            request.Headers.Add("Origin", origin);
            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await PutWithCookieAsync(_site.Origin)).StatusCode);
        var problem = await BearerClient.AssertProblemAsync(await PutWithCookieAsync("https://evil.example"), HttpStatusCode.Forbidden);
        Assert.Equal("csrf_rejected", (string?)problem["error"]);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_that_forbids_inline_script()
    {
        using var http = _site.CreateApiClient();

        var response = await http.GetAsync("/");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task The_challenge_names_this_sites_origin()
    {
        using var http = _site.CreateApiClient();

        var response = await http.PostAsJsonAsync("/auth/web3/challenge", new { address = TestWallet.FromSeed(6302).Address.ToString() });

        var message = (string)(await BearerClient.ReadObjectAsync(response))["message"]!;
        Assert.StartsWith($"{_site.Domain} wants you to sign in", message, StringComparison.Ordinal);
        Assert.Contains($"URI: {_site.Origin}\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_store_outage_a_private_page_answers_503_instead_of_signing_the_visitor_out()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6303), ["profile/read"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        request.Headers.Add("Cookie", client.SessionCookie);

        _site.Cache.Down = true;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        finally
        {
            _site.Cache.Down = false;
        }

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("store_unavailable", (string?)problem["error"]);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task During_a_store_outage_the_home_page_of_a_signed_in_visitor_says_the_site_is_unavailable()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6304), ["profile/read"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", client.SessionCookie);

        var (response, html) = await DuringOutageAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.True(response.Headers.CacheControl?.NoStore, "an outage page must not be cached");
        Assert.Contains("data-testid=\"unavailable\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"signin\"", html, StringComparison.Ordinal); // not "you are signed out"
        Assert.DoesNotContain("data-testid=\"account-signed-out\"", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"), "the session cookie must survive the outage");
    }

    [Fact]
    public async Task During_a_store_outage_a_visitor_without_a_session_still_gets_the_sign_in_form()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");

        var (response, html) = await DuringOutageAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"signin\"", html, StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Response, string Body)> DuringOutageAsync(HttpRequestMessage request)
    {
        using var http = _site.CreateApiClient();
        _site.Cache.Down = true;
        try
        {
            var response = await http.SendAsync(request);
            return (response, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            _site.Cache.Down = false;
        }
    }
}
