using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Sample.Mvc.Tests.Api;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Data;

/// <summary>The sample site and its database file: where it is made, and two sites sharing one.</summary>
public sealed class SampleDatabaseSiteTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("web3auth-sample-site-db-");

    [Fact]
    public async Task On_first_start_the_database_is_created_under_App_Data_of_the_content_root()
    {
        // A folder laid out like a published site: its appsettings.json, no App_Data yet.
        var root = _folder.FullName;
        File.Copy(Path.Combine(TestArtifacts.RepositoryRoot, "samples", "Web3Auth.Sample.Mvc", "appsettings.json"), Path.Combine(root, "appsettings.json"));
        var expected = Path.Combine(root, "App_Data", "sample.db");

        await using (var site = new SampleSite { ContentRoot = root }.Start())
        {
            Assert.True(File.Exists(expected), "the database is made at start-up, before any request");
            Assert.Equal(expected, site.Services.GetRequiredService<SampleDatabase>().Path);

            using var http = site.CreateApiClient();
            var wallet = TestWallet.FromSeed(6631);
            var client = await BearerClient.SignInAsync(http, wallet, ["profile/write"]);
            Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/api/profile", new { name = "Ada" })).StatusCode);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = expected, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM profiles;";
        Assert.Equal("Ada", command.ExecuteScalar());
    }

    [Fact]
    public async Task Two_sites_on_one_file_see_each_others_writes_and_lose_none()
    {
        var data = _folder.FullName;
        var wallet = TestWallet.FromSeed(6632);
        await using var first = new SampleSite { DataPath = data }.Start();
        await using var second = new SampleSite { DataPath = data }.Start();
        using var firstHttp = first.CreateApiClient();
        using var secondHttp = second.CreateApiClient();
        var clients = new[]
        {
            await BearerClient.SignInAsync(firstHttp, wallet, ["notes/read", "notes/write"]),
            await BearerClient.SignInAsync(secondHttp, wallet, ["notes/read", "notes/write"]),
        };

        var added = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => clients[i % 2].PostJsonAsync("/api/notes", new { text = $"note {i}" })));

        Assert.All(added, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        foreach (var client in clients)
        {
            var notes = await BearerClient.ReadArrayAsync(await client.GetAsync("/api/notes"));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => $"note {i}").Order(), notes.Select(n => (string?)n!["text"]).Order());
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
