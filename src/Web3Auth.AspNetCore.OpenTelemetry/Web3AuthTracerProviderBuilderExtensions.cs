using Web3Auth.AspNetCore;

namespace OpenTelemetry.Trace;

/// <summary>Registers the activities of Web3Auth.AspNetCore with OpenTelemetry tracing.</summary>
public static class Web3AuthTracerProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to the <c>Web3Auth.AspNetCore</c> activity source (<see cref="Web3AuthDefaults.DiagnosticsName"/>):
    /// <c>Web3Auth.SignIn</c>, <c>Web3Auth.Renew</c>, <c>Web3Auth.Authenticate</c>, <c>Web3Auth.RevokeSession</c>,
    /// <c>Web3Auth.RevokePermission</c>, <c>Web3Auth.RevokeAll</c> and <c>Web3Auth.SmartWalletCheck</c>, tagged with the
    /// scheme, the outcome and the transport, never with a token or an address.
    /// </summary>
    /// <param name="builder">The tracer provider builder, as in <c>AddOpenTelemetry().WithTracing(t =&gt; t.AddWeb3AuthInstrumentation())</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static TracerProviderBuilder AddWeb3AuthInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(Web3AuthDefaults.DiagnosticsName);
    }
}
