using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

public sealed class ProfileApiTests : IClassFixture<SampleSite>
{
    private readonly SampleSite _site;

    public ProfileApiTests(SampleSite site) => _site = site.Start();

    [Fact]
    public async Task Get_answers_the_signed_in_address_and_no_name_before_the_first_save()
    {
        using var http = _site.CreateApiClient();
        var wallet = TestWallet.FromSeed(6001);
        var client = await BearerClient.SignInAsync(http, wallet, ["profile/read"]);

        var response = await client.GetAsync("/api/profile");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await BearerClient.ReadObjectAsync(response);
        Assert.Equal(wallet.Address.ToString(), (string?)profile["address"]);
        Assert.Null(profile["name"]);
    }

    [Fact]
    public async Task Put_stores_the_name_trimmed_and_get_reads_it_back()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6002), ["profile/read", "profile/write"]);

        var put = await client.PutJsonAsync("/api/profile", new { name = "  Zoë O'Brien-Smith Jr.  " });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var profile = await BearerClient.ReadObjectAsync(await client.GetAsync("/api/profile"));
        Assert.Equal("Zoë O'Brien-Smith Jr.", (string?)profile["name"]);
    }

    [Theory]
    [InlineData("", "Enter a name.")]
    [InlineData("   ", "Enter a name.")]
    [InlineData("Ada  Lovelace", "Use single spaces between words.")]
    [InlineData("<b>Ada</b>", "\"<\" is not allowed. Use letters, digits, spaces and . ' -")]
    [InlineData("Ada\tLovelace", "\"U+0009\" is not allowed. Use letters, digits, spaces and . ' -")]
    [InlineData("Ada 🚀", "\"🚀\" is not allowed. Use letters, digits, spaces and . ' -")]
    [InlineData("Ada\u200BLovelace", "\"U+200B\" is not allowed. Use letters, digits, spaces and . ' -")]
    [InlineData("Augusta Ada King Countess of Lovelace Byron", "Use at most 40 characters.")]
    public async Task A_bad_name_is_a_400_problem_that_says_why(string name, string reason)
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6003), ["profile/read", "profile/write"]);

        var response = await client.PutJsonAsync("/api/profile", new { name });

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", (string?)problem["error"]);
        Assert.Equal(reason, (string?)problem["errors"]!["name"]![0]);
        var profile = await BearerClient.ReadObjectAsync(await client.GetAsync("/api/profile"));
        Assert.Null(profile["name"]);
    }

    [Fact]
    public async Task A_body_without_a_name_is_a_400_problem()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6004), ["profile/write"]);

        var response = await client.PutJsonAsync("/api/profile", new { nickname = "Ada" });

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", (string?)problem["error"]);
        Assert.Equal("Enter a name.", (string?)problem["errors"]!["name"]![0]);
    }

    [Fact]
    public async Task Writing_without_profile_write_is_403_insufficient_scope()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6005), ["profile/read"]);

        var response = await client.PutJsonAsync("/api/profile", new { name = "Ada" });

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("insufficient_scope", (string?)problem["error"]);
        Assert.Contains("scope=\"profile/write\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_without_profile_read_is_403_even_after_writing()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6006), ["profile/write"]);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/api/profile", new { name = "Ada" })).StatusCode);

        var response = await client.GetAsync("/api/profile");

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("insufficient_scope", (string?)problem["error"]);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_not_a_redirect()
    {
        using var http = _site.CreateApiClient();

        var response = await http.GetAsync("/api/profile");

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_token", (string?)problem["error"]);
    }
}
