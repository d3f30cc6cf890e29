using System.Net;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>Redis with <c>requirepass</c>: the password in the configuration string passes through to AUTH.</summary>
public sealed class PasswordProtectedRedisTests : IAsyncLifetime
{
    private const string Password = "s3cret-redis-passw0rd";
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    [Fact]
    public async Task A_node_with_the_password_signs_in_and_serves_sessions()
    {
        using var node = new RedisNode(Redis.Configuration, RedisFixture.NewPrefix());
        await node.WaitForTrustedCacheAsync();

        var token = await node.Client.SignInTokenAsync(TestWallet.FromSeed(601), ["profile/read"]);

        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",password=wrong-passw0rd")]
    public async Task A_node_without_the_right_password_answers_503_and_never_logs_a_password(string credentials)
    {
        using var node = new RedisNode($"127.0.0.1:{Redis.Port}{credentials}", RedisFixture.NewPrefix(), services: services =>
            Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services, logging =>
                Microsoft.Extensions.Logging.FilterLoggingBuilderExtensions.AddFilter(logging, "Web3Auth.AspNetCore.Redis", Microsoft.Extensions.Logging.LogLevel.Information)));

        var response = await node.TrySignInAsync(TestWallet.FromSeed(602));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
        Assert.NotEmpty(node.Logs.Lines);
        var connecting = Assert.Single(node.Logs.Lines, l => l.EventId.Id == 106); // the configuration, without its password
        Assert.Contains($"127.0.0.1:{Redis.Port}", connecting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(node.Logs.Lines, l => l.Text.Contains("wrong-passw0rd", StringComparison.Ordinal) || l.Text.Contains(Password, StringComparison.Ordinal));
    }

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync(Password);

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
