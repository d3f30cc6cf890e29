using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Registers the profile and note stores over the sample's SQLite database.</summary>
public static class SampleDataExtensions
{
    /// <summary>
    /// Adds <see cref="ProfileStore"/> and <see cref="NoteStore"/> over one <see cref="SampleDatabase"/> at
    /// <c>Sample:DataPath</c>/<c>Sample:DatabaseFile</c> (<c>App_Data/sample.db</c> under the content root by
    /// default), created when the app starts.
    /// </summary>
    public static IServiceCollection AddSampleData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SampleDataOptions>()
            .Bind(configuration.GetSection("Sample"))
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.DataPath) && !string.IsNullOrWhiteSpace(o.DatabaseFile),
                "Sample:DataPath and Sample:DatabaseFile must name a folder and a file (defaults: App_Data and sample.db).")
            .Validate(
                o => o.DatabaseBusyTimeout > TimeSpan.Zero && o.DatabaseBusyTimeout <= TimeSpan.FromMinutes(10),
                "Sample:DatabaseBusyTimeout must be positive and at most 10 minutes (default 00:00:05).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SampleDataOptions>>().Value;
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            var folder = Path.GetFullPath(options.DataPath, root);
            return new SampleDatabase(Path.GetFullPath(options.DatabaseFile, folder), options.DatabaseBusyTimeout);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SampleDatabaseStartup>());
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<NoteStore>();
        return services;
    }
}
