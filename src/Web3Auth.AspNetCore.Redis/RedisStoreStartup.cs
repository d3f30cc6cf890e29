using Microsoft.Extensions.Hosting;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Connects when the host starts, so the invalidation subscription (and with it the local cache) is up before the
/// first request, and checks that the Redis user may run what the store needs: a user without the rights stops the
/// app here, with the ACL rule to grant. A Redis that does not answer within the operation timeout never fails
/// start-up: it is retried in the background, and checked when it answers (a refusal is logged, event 105).
/// </summary>
internal sealed class RedisStoreStartup(RedisWeb3SessionStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.StartConnecting();
        await store.CheckAccessAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
