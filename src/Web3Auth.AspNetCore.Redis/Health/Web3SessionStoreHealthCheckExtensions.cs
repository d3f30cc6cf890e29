using Microsoft.Extensions.Diagnostics.HealthChecks;
using Web3Auth.AspNetCore.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the health check of the wallet session store.</summary>
public static class Web3SessionStoreHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check of the registered <c>IWeb3SessionStore</c>:
    /// <code>
    /// builder.Services.AddHealthChecks().AddWeb3SessionStore();
    /// app.MapHealthChecks("/healthz");
    /// </code>
    /// For the Redis store: <see cref="HealthStatus.Unhealthy"/> (or <paramref name="failureStatus"/>) when Redis cannot
    /// be reached or does not answer within the operation timeout, or the user lacks a command;
    /// <see cref="HealthStatus.Degraded"/> when Redis answers but slowly, some Cluster primaries do not, or the local
    /// cache is on and its invalidation subscription is not confirmed (every request then reads Redis). The
    /// description says which; it never holds the configuration string or a password.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>web3-session-store</c>.</param>
    /// <param name="failureStatus">What to report when the store cannot be used. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>"ready"</c>.</param>
    public static IHealthChecksBuilder AddWeb3SessionStore(this IHealthChecksBuilder builder, string name = "web3-session-store", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new Web3SessionStoreHealthCheck(provider.GetRequiredService<Web3Auth.AspNetCore.IWeb3SessionStore>(), provider.GetService<TimeProvider>() ?? TimeProvider.System),
            failureStatus,
            tags));
    }
}
