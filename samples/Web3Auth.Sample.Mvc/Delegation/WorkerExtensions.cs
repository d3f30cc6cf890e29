using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Web3Auth.Sample.Mvc.Delegation;

/// <summary>Registers what the background worker needs of the site.</summary>
public static class WorkerExtensions
{
    /// <summary>
    /// Adds <see cref="WorkerRegistry"/> and <see cref="WorkerOptions"/> from <c>Sample:Worker</c>; a secret shorter
    /// than <see cref="WorkerOptions.MinSecretLength"/> fails at start-up.
    /// </summary>
    public static IServiceCollection AddSampleWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>()
            .Bind(configuration.GetSection("Sample:Worker"))
            .Validate(o => !o.Enabled || o.Secret.Length >= WorkerOptions.MinSecretLength,
                $"Sample:Worker:Secret must be at least {WorkerOptions.MinSecretLength} characters (for example: openssl rand -hex 32), or empty to turn the worker off.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerRegistry>();
        return services;
    }
}
