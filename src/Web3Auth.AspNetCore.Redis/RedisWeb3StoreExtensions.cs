using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;
using Web3Auth.AspNetCore.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the wallet sessions of every app node in one Redis.</summary>
public static class RedisWeb3StoreExtensions
{
    /// <summary>
    /// Replaces the session store with <see cref="RedisWeb3SessionStore"/>, whichever order the calls come in:
    /// <code>
    /// builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme)
    ///     .AddWeb3SessionKeys(o => o.Domain = "app.example.com")
    ///     .AddWeb3RedisStore(o => o.Configuration = "127.0.0.1:6379");
    /// </code>
    /// The options are validated when the host starts.
    /// </summary>
    public static AuthenticationBuilder AddWeb3RedisStore(this AuthenticationBuilder builder, Action<RedisWeb3SessionStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var services = builder.Services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RedisWeb3SessionStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisWeb3SessionStoreOptions>, RedisWeb3SessionStoreOptionsValidator>());
        services.TryAddSingleton<RedisWeb3SessionStore>();
        services.RemoveAll<IWeb3SessionStore>();
        services.AddSingleton<IWeb3SessionStore>(provider => provider.GetRequiredService<RedisWeb3SessionStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisStoreStartup>());
        return builder;
    }
}
