using Microsoft.Extensions.Hosting;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Starts connecting when the host starts, so the invalidation subscription (and with it the local cache) is up
/// before the first request. Never delays or fails start-up: a Redis that is down is retried in the background.
/// </summary>
internal sealed class RedisStoreStartup(RedisWeb3SessionStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.StartConnecting();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
