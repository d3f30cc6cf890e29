using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Registers the file-backed profile and note stores.</summary>
public static class SampleDataExtensions
{
    /// <summary>Adds <see cref="ProfileStore"/> and <see cref="NoteStore"/>, with files under <c>Sample:DataPath</c>.</summary>
    public static IServiceCollection AddSampleData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SampleDataOptions>(configuration.GetSection("Sample"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new UserDocumentStore<UserProfile>(DataFolder(sp, "profiles"), SampleJsonContext.Default.UserProfile));
        services.AddSingleton(sp => new UserDocumentStore<NoteBook>(DataFolder(sp, "notes"), SampleJsonContext.Default.NoteBook));
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<NoteStore>();
        return services;
    }

    private static string DataFolder(IServiceProvider services, string name)
    {
        var root = services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var dataPath = services.GetRequiredService<IOptions<SampleDataOptions>>().Value.DataPath;
        return Path.Combine(Path.GetFullPath(dataPath, root), name);
    }
}
