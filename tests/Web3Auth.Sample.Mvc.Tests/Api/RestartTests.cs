using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task Profiles_and_notes_survive_a_restart_but_sessions_do_not()
    {
        var data = Directory.CreateTempSubdirectory("web3auth-sample-restart-").FullName;
        try
        {
            var wallet = TestWallet.FromSeed(6201);
            string token;
            await using (var before = new SampleSite { DataPath = data }.Start())
            {
                using var http = before.CreateApiClient();
                var client = await BearerClient.SignInAsync(http, wallet, ["profile/write", "notes/write"]);
                token = client.Token;
                Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/api/profile", new { name = "Ada" })).StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/notes", new { text = "kept" })).StatusCode);
            }

            await using (var after = new SampleSite { DataPath = data }.Start())
            {
                using var httpAfter = after.CreateApiClient();
                var stale = new BearerClient(httpAfter, token);
                await BearerClient.AssertProblemAsync(await stale.GetAsync("/api/profile"), HttpStatusCode.Unauthorized);

                var again = await BearerClient.SignInAsync(httpAfter, wallet, ["profile/read", "notes/read"]);
                Assert.Equal("Ada", (string?)(await BearerClient.ReadObjectAsync(await again.GetAsync("/api/profile")))["name"]);
                Assert.Equal("kept", (string?)(await BearerClient.ReadArrayAsync(await again.GetAsync("/api/notes")))[0]!["text"]);
            }

            // Everything lives in the one database: nothing but sample.db and, while SQLite has not folded it back in
            // (a pooled connection still closing), its write-ahead log.
            var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(data, f)).ToArray();
            Assert.Contains("sample.db", files);
            Assert.All(files, f => Assert.Contains(f, new[] { "sample.db", "sample.db-wal", "sample.db-shm" }));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
