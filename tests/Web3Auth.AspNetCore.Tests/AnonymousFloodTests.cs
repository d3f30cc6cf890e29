using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The default store under an anonymous flood: with a cache small enough that a few dozen stored challenges would
/// have evicted everything (the review's 200 MiB cap, scaled down), 20,000 sign-in message requests store nothing, so
/// no session is evicted or hidden from "sign out everywhere".
/// </summary>
public class AnonymousFloodTests
{
    [Fact]
    public async Task Sign_in_messages_store_nothing_so_a_small_cache_keeps_every_session()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { SizeLimit = 16 * 1024 }));
        using var app = new Web3AppFactory { ConfigureServices = s => s.AddSingleton<IDistributedCache>(cache) };
        using var client = app.CreateWeb3Client();
        var victim = TestWallet.FromSeed(990);
        var idle = await client.SignInTokenAsync(victim, ["profile/read"]);
        var stolen = await client.SignInTokenAsync(victim, ["profile/read"]);

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < 20_000)
            {
                var address = "0x" + Convert.ToHexString(BitConverter.GetBytes(next)).PadLeft(40, '2').ToLowerInvariant();
                using var response = await client.PostJsonAsync("/auth/web3/challenge", new { address });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", idle)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", idle)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/api/profile", stolen), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }
}
