using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>What used to be found at the first request is found at start-up, in every environment.</summary>
public class StartupChecksTests
{
    private static WebApplication Build(string environment, Action<IServiceCollection> services, Action<Web3SessionKeyOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Authentication:Schemes:Web3:Domain"] = "localhost" });
        services(builder.Services);
        builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme).AddWeb3SessionKeys(o => configure?.Invoke(o));
        return builder.Build();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Without_a_distributed_cache_the_app_does_not_start_and_says_what_to_add(string environment)
    {
        await using var app = Build(environment, _ => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("AddDistributedMemoryCache()", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheme_clock_other_than_the_apps_clock_is_refused()
    {
        await using var app = Build("Production", s => s.AddDistributedMemoryCache(), o => o.TimeProvider = new ManualTimeProvider());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("TimeProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_clock_alone_expires_sign_in_messages_and_sessions()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var app = new Web3AppFactory { Time = time };
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(970);
        var message = (string)(await client.ChallengeAsync(wallet, lifetime: 3600))["message"]!;

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1)); // past the 5-minute message lifetime

        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message)), System.Net.HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
        var token = await client.SignInTokenAsync(wallet, lifetime: 600);
        time.Advance(TimeSpan.FromMinutes(10));
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/auth/web3/session", token), System.Net.HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }
}
