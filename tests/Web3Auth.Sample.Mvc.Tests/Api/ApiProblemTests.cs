using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

/// <summary>Every error of the JSON API is problem+json with an <c>error</c> code, whatever part of the site answered.</summary>
public sealed class ApiProblemTests : IClassFixture<SampleSite>
{
    private readonly SampleSite _site;

    public ApiProblemTests(SampleSite site) => _site = site.Start();

    [Theory]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("POST", "/api/notes/abc/share")]
    [InlineData("DELETE", "/api")]
    [InlineData("GET", "/auth/web3/nothing-here")]
    public async Task An_unknown_api_route_is_a_404_problem(string method, string path)
    {
        using var http = _site.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html"); // still problem+json: an API client reads one format

        var problem = await BearerClient.AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Equal("not_found", (string?)problem["error"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
    }

    [Theory]
    [InlineData("DELETE", "/api/profile", "GET, PUT")]
    [InlineData("PATCH", "/api/notes", "GET, POST")]
    [InlineData("GET", "/auth/web3/challenge", "POST")]
    public async Task A_wrong_method_on_an_api_route_is_a_405_problem_with_allow(string method, string path, string allowed)
    {
        using var http = _site.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await http.SendAsync(request);

        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", (string?)problem["error"]);
        Assert.Equal(allowed.Split(", ").Order(), response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_invalid_request()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6401), ["notes/write"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notes")
        {
            Content = new StringContent("{ \"text\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);

        var problem = await BearerClient.AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request", (string?)problem["error"]);
        Assert.NotEmpty(problem["errors"]!.AsObject()); // model binding says where the JSON broke
    }

    [Fact]
    public async Task A_body_that_is_not_json_at_all_is_a_415_problem()
    {
        using var http = _site.CreateApiClient();
        var client = await BearerClient.SignInAsync(http, TestWallet.FromSeed(6402), ["profile/write"]);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/profile") { Content = new StringContent("name=Ada") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);

        var problem = await BearerClient.AssertProblemAsync(await http.SendAsync(request), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("unsupported_media_type", (string?)problem["error"]);
    }

    [Theory]
    [InlineData(6411, "GET", "/api/notes", "notes")]
    [InlineData(6412, "POST", "/api/notes", "notes")]
    [InlineData(6413, "DELETE", "/api/notes/abc", "notes")]
    [InlineData(6414, "PUT", "/api/profile", "profiles")]
    public async Task A_request_that_fails_on_the_server_is_a_500_problem_whatever_its_method(int seed, string method, string path, string table)
    {
        using var http = _site.CreateApiClient();
        var wallet = TestWallet.FromSeed(seed);
        var client = await BearerClient.SignInAsync(http, wallet, ["notes/read", "notes/write", "profile/write"]);
        var broken = BreakData(table, wallet);

        var response = await client.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { text = "x", name = "Ada" });

        var body = await response.Content.ReadAsStringAsync();
        var problem = await BearerClient.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("server_error", (string?)problem["error"]);
        Assert.DoesNotContain(broken, body, StringComparison.OrdinalIgnoreCase); // nothing of the failure leaks
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_fails_on_the_server_is_the_html_error_page()
    {
        using var http = _site.CreateApiClient();
        var wallet = TestWallet.FromSeed(6420);
        var client = await BearerClient.SignInAsync(http, wallet, ["profile/read"]);
        BreakData("profiles", wallet);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/"); // the home page reads the profile's name
        request.Headers.Add("Cookie", client.SessionCookie);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"error-page\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // For this address only, the database fails the way a broken disk would: its row (a note "abc", or the profile)
    // cannot be read, and triggers refuse every write of its rows. Returns the failure's own words.
    private string BreakData(string table, TestWallet wallet)
    {
        const string Failure = "disk I/O failure (simulated)";
        var database = _site.Services.GetRequiredService<SampleDatabase>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS broken (address TEXT PRIMARY KEY);
            CREATE TRIGGER IF NOT EXISTS broken_notes_insert BEFORE INSERT ON notes WHEN NEW.address IN broken BEGIN SELECT RAISE(ABORT, '{Failure}'); END;
            CREATE TRIGGER IF NOT EXISTS broken_notes_delete BEFORE DELETE ON notes WHEN OLD.address IN broken BEGIN SELECT RAISE(ABORT, '{Failure}'); END;
            CREATE TRIGGER IF NOT EXISTS broken_profiles_insert BEFORE INSERT ON profiles WHEN NEW.address IN broken BEGIN SELECT RAISE(ABORT, '{Failure}'); END;
            CREATE TRIGGER IF NOT EXISTS broken_profiles_update BEFORE UPDATE ON profiles WHEN OLD.address IN broken BEGIN SELECT RAISE(ABORT, '{Failure}'); END;
            {(table == "notes"
                ? "INSERT INTO notes (address, id, text, created_at) VALUES ($address, 'abc', 'x', $failure);"
                : "INSERT INTO profiles (address, name, updated_at) VALUES ($address, 'x', $failure);")}
            INSERT INTO broken (address) VALUES ($address);
            """;
        command.Parameters.AddWithValue("$address", SampleDatabase.Key(wallet.Address));
        command.Parameters.AddWithValue("$failure", Failure);
        command.ExecuteNonQuery();
        return Failure;
    }
}
