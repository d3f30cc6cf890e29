using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

public sealed class RedisSessionsTests
{
    [Fact]
    public async Task With_a_redis_connection_string_two_sites_share_sessions_and_sign_out_everywhere_reaches_both()
    {
        await using var redis = await RedisServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("web3auth-sample-redis-").FullName;
        try
        {
            await using var first = new SampleSite { DataPath = data, Redis = redis.Configuration }.Start();
            await using var second = new SampleSite { DataPath = data, Redis = redis.Configuration }.Start();
            using var httpFirst = first.CreateApiClient();
            using var httpSecond = second.CreateApiClient();
            var wallet = TestWallet.FromSeed(6301);

            // Each site has its own domain (its port), so each signs in on its own; the sessions live in Redis.
            var onFirst = await BearerClient.SignInAsync(httpFirst, wallet, ["profile/read", "profile/write"]);
            var onSecond = await BearerClient.SignInAsync(httpSecond, wallet, ["profile/read"]);
            Assert.Equal(HttpStatusCode.OK, (await onFirst.PutJsonAsync("/api/profile", new { name = "Grace" })).StatusCode);
            Assert.Equal("Grace", (string?)(await BearerClient.ReadObjectAsync(await onSecond.GetAsync("/api/profile")))["name"]);

            var admin = await redis.AdminAsync();
            var keys = (string?)await admin.ExecuteAsync("DBSIZE");
            Assert.NotEqual("0", keys);

            // The first site lists both sessions of the address, and signing out everywhere ends the second's too.
            var sessions = await BearerClient.ReadArrayAsync(await onFirst.GetAsync("/auth/web3/sessions"));
            Assert.Equal(2, sessions.Count);
            Assert.Equal(HttpStatusCode.NoContent, (await onFirst.DeleteAsync("/auth/web3/sessions")).StatusCode);
            await BearerClient.AssertProblemAsync(await onSecond.GetAsync("/api/profile"), HttpStatusCode.Unauthorized);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
