using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the wallet session-key authentication scheme.</summary>
public static class Web3SessionKeyExtensions
{
    /// <summary>Adds the scheme under <see cref="Web3AuthDefaults.AuthenticationScheme"/>, configured from <c>Authentication:Schemes:Web3</c>.</summary>
    public static AuthenticationBuilder AddWeb3SessionKeys(this AuthenticationBuilder builder) =>
        builder.AddWeb3SessionKeys(Web3AuthDefaults.AuthenticationScheme, _ => { });

    /// <summary>Adds the scheme under <see cref="Web3AuthDefaults.AuthenticationScheme"/>.</summary>
    public static AuthenticationBuilder AddWeb3SessionKeys(this AuthenticationBuilder builder, Action<Web3SessionKeyOptions> configureOptions) =>
        builder.AddWeb3SessionKeys(Web3AuthDefaults.AuthenticationScheme, configureOptions);

    /// <summary>Adds the scheme under <paramref name="authenticationScheme"/>.</summary>
    public static AuthenticationBuilder AddWeb3SessionKeys(this AuthenticationBuilder builder, string authenticationScheme, Action<Web3SessionKeyOptions> configureOptions) =>
        builder.AddWeb3SessionKeys(authenticationScheme, Web3AuthDefaults.DisplayName, configureOptions);

    /// <summary>
    /// Adds the scheme under <paramref name="authenticationScheme"/>. Registers the default store over
    /// <see cref="Caching.Distributed.IDistributedCache"/> unless an <see cref="IWeb3SessionStore"/> is already registered,
    /// and validates the options when the host starts.
    /// </summary>
    public static AuthenticationBuilder AddWeb3SessionKeys(this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<Web3SessionKeyOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.TryAddSingleton(TimeProvider.System);
        // A factory, so that a missing cache is reported by the start-up check with the fix, in every environment
        // (Development's build-time DI validation would otherwise report it first, without one).
        services.TryAddSingleton<IWeb3SessionStore>(provider => new DistributedCacheWeb3SessionStore(
            provider.GetService<IDistributedCache>() ?? throw new InvalidOperationException("no IDistributedCache is registered")));
        services.AddMetrics();
        services.TryAddSingleton<Web3AuthMetrics>();
        services.TryAddSingleton<StoreFailureLog>();
        services.TryAddSingleton<Web3SessionLifecycle>();
        services.TryAddSingleton<LiveEventHub>();
        // Sign-in messages carry their own protected ticket (no server state until a signature is accepted): every
        // node must share the Data Protection key ring, as for cookies (docs/security.md).
        services.AddDataProtection();
        services.TryAddSingleton<EthereumRpcClient>();
        services.TryAddSingleton<IWeb3SignatureVerifier, Web3SignatureVerifier>();
        services.TryAddSingleton<SmartWalletRevalidator>();
        services.TryAddSingleton<DpopProofValidator>();
        // The chains' JSON-RPC endpoints: our own timeout per request (so no client-wide one), a bounded answer, and
        // none of the factory's request logging, which would write the endpoint URLs (and their API keys) to the log.
        services.AddHttpClient(Web3AuthDefaults.ChainRpcHttpClientName, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.MaxResponseContentBufferSize = 4 * 1024 * 1024;
        }).RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, Web3PermissionAuthorizationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Web3SessionKeyOptions>, Web3SessionKeyConfigureOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<Web3SessionKeyOptions>, Web3SessionKeyPostConfigureOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Web3SessionKeyOptions>, Web3SessionKeyOptionsValidator>());
        services.AddOptions<Web3SessionKeyOptions>(authenticationScheme).ValidateOnStart();

        return builder.AddScheme<Web3SessionKeyOptions, Web3SessionKeyHandler>(authenticationScheme, displayName, configureOptions);
    }
}
