using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// OpenTelemetry for the sample, only when an OTLP endpoint is configured with the standard key
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (an environment variable, or any configuration source): traces and metrics of
/// ASP.NET Core and of Web3Auth (<c>AddWeb3AuthInstrumentation()</c>), and the logs, exported over OTLP. The other
/// standard keys apply as the exporter reads them: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, the .NET
/// exporter's default, or <c>http/protobuf</c>), <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>. Without
/// an endpoint nothing is registered: no provider, no exporter, no listener.
/// </summary>
public static class SampleTelemetry
{
    /// <summary>The configuration key that turns export on: the OTLP endpoint, e.g. http://localhost:4317.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name the sample reports when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string ServiceName = "Web3Auth.Sample.Mvc";

    /// <summary>Registers OpenTelemetry with the OTLP exporter when <see cref="EndpointKey"/> is set; otherwise nothing.</summary>
    public static IServiceCollection AddSampleTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointKey]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddWeb3AuthInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddWeb3AuthInstrumentation())
            .UseOtlpExporter(); // traces, metrics and logs; endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* keys
        return services;
    }
}
