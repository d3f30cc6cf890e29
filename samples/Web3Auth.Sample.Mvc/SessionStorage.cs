namespace Web3Auth.Sample.Mvc;

/// <summary>
/// Where the package keeps challenges and sessions. The one place that chooses between the embedded default and
/// Redis (<c>ConnectionStrings:Redis</c>).
/// </summary>
public static class SessionStorage
{
    /// <summary>Registers the session storage chosen by <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddSampleSessionStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            // Embedded default: sessions live in this process and end when it stops (profiles and notes do not).
            services.AddDistributedMemoryCache();
            return services;
        }

        // Several sample nodes can share this Redis: nonces are single-use across them and revocation reaches all.
        services.AddAuthentication().AddRedisStore(o => o.Configuration = redis);
        return services;
    }
}
