using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Reports whether the session store answers: the Redis store in detail (<see cref="RedisWeb3SessionStore.CheckHealthAsync"/>),
/// any other store by one harmless read. Descriptions name what is wrong and, for Redis, endpoints; never a
/// configuration string or a password.
/// </summary>
internal sealed class Web3SessionStoreHealthCheck(IWeb3SessionStore store, TimeProvider time) : IHealthCheck
{
    private static readonly Web3SessionOwner Nobody = new("health-check", EthereumAddress.Parse("0x0000000000000000000000000000000000000000"));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        if (store is RedisWeb3SessionStore redis)
        {
            return await redis.CheckHealthAsync(failure, cancellationToken).ConfigureAwait(false);
        }

        var started = time.GetTimestamp();
        try
        {
            await store.FindSessionAsync(Nobody, "health-check", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Web3StoreUnavailableException ex)
        {
            return new HealthCheckResult(failure, "The session store is unavailable: " + ex.Message);
        }

        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        return HealthCheckResult.Healthy(
            FormattableString.Invariant($"The session store ({store.GetType().Name}) answered a read in {elapsed:F1} ms."),
            new Dictionary<string, object> { ["store"] = store.GetType().Name, ["latency_ms"] = Math.Round(elapsed, 1).ToString(CultureInfo.InvariantCulture) });
    }
}
