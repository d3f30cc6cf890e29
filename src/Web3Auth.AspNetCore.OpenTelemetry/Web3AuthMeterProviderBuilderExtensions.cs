using Web3Auth.AspNetCore;

namespace OpenTelemetry.Metrics;

/// <summary>Registers the metrics of Web3Auth.AspNetCore with OpenTelemetry metrics.</summary>
public static class Web3AuthMeterProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to the <c>Web3Auth.AspNetCore</c> meter (<see cref="Web3AuthDefaults.DiagnosticsName"/>):
    /// <c>web3auth.challenges</c>, <c>web3auth.logins</c>, <c>web3auth.authentications</c>, <c>web3auth.revocations</c>
    /// and the <c>web3auth.authentication.duration</c> histogram (seconds).
    /// </summary>
    /// <param name="builder">The meter provider builder, as in <c>AddOpenTelemetry().WithMetrics(m =&gt; m.AddWeb3AuthInstrumentation())</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static MeterProviderBuilder AddWeb3AuthInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(Web3AuthDefaults.DiagnosticsName);
    }
}
