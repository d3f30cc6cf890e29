namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>One redis-server shared by the tests of a class; tests keep apart by key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
