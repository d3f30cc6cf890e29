using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class StoreFailureTests
{
    [Fact]
    public async Task A_failing_cache_answers_503_with_retry_after_and_recovers_without_restart()
    {
        var cache = new ThrowingCache();
        using var app = new Web3AppFactory { ConfigureServices = s => s.AddSingleton<IDistributedCache>(cache) };
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(80);
        var token = await client.SignInTokenAsync(wallet, ["profile/read"]);
        var pending = (string)(await client.ChallengeAsync(wallet))["message"]!;

        cache.Down = true;

        // A sign-in message is stateless: it is still issued, and only its redemption needs the store.
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString() })).StatusCode);

        var renewal = await client.PostJsonAsync("/auth/web3/challenge", new { renew = true }, token);
        await Web3TestClient.AssertProblemAsync(renewal, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);

        var login = await client.SubmitAsync(pending, wallet.SignPersonalMessage(pending));
        await Web3TestClient.AssertProblemAsync(login, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(5), login.Headers.RetryAfter?.Delta);

        var authenticated = await client.SendAsync(HttpMethod.Get, "/api/profile", token);
        await Web3TestClient.AssertProblemAsync(authenticated, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        Assert.NotNull(authenticated.Headers.RetryAfter);

        foreach (var path in new[] { "/auth/web3/session", "/auth/web3/sessions" })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.SendAsync(HttpMethod.Get, path, token)).StatusCode);
        }

        cache.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(pending, wallet.SignPersonalMessage(pending))).StatusCode);
    }
}
