using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Checks the options once, at start-up (<c>ValidateOnStart</c>). Each message names the option, what is wrong and
/// how to fix it, so a misconfigured app never starts instead of failing on its first sign-in.
/// </summary>
internal sealed class Web3SessionKeyOptionsValidator(IHostEnvironment environment, IServiceProvider services, TimeProvider clock) : IValidateOptions<Web3SessionKeyOptions>
{
    private const string RedisCacheTypeName = "Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache";
    private int _warnedSharedCache;

    public ValidateOptionsResult Validate(string? name, Web3SessionKeyOptions options)
    {
        var scheme = string.IsNullOrEmpty(name) ? Web3AuthDefaults.AuthenticationScheme : name;
        var at = $"Authentication:Schemes:{scheme}";
        var errors = new List<string>();

        if (string.IsNullOrEmpty(options.Domain))
        {
            if (!environment.IsDevelopment())
            {
                errors.Add($"{at}:Domain is required outside Development. Set it to the host users see in the address bar, for example \"app.example.com\" (add \":port\" for a non-default port); it is shown in the wallet and binds every signature to your site.");
            }
        }
        else if (!IsAuthority(options.Domain))
        {
            errors.Add($"{at}:Domain \"{options.Domain}\" is not a host[:port]. Leave out the scheme and path: write \"app.example.com\", not \"https://app.example.com/\".");
        }

        if (!string.IsNullOrEmpty(options.Uri) &&
            (!System.Uri.TryCreate(options.Uri, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http") || !Rfc3986Uri(options.Uri)))
        {
            errors.Add($"{at}:Uri \"{options.Uri}\" must be an absolute http(s) URI such as \"https://app.example.com\".");
        }

        if (!string.IsNullOrEmpty(options.Statement) && SiweConfigurationCheck.StatementError(options.Statement) is { } statementError)
        {
            errors.Add($"{at}:Statement is not allowed in a sign-in message: {statementError}. Use one line of printable ASCII.");
        }

        foreach (var permission in options.Permissions)
        {
            if (!ReCapAbility.IsValid(permission.Name))
            {
                errors.Add($"{at}:Permissions has \"{permission.Name}\", which is not a ReCap ability. Name permissions namespace/action, for example \"profile/read\".");
            }

            if (permission.MaxLifetime is { } max && max <= TimeSpan.Zero)
            {
                errors.Add($"{at}:Permissions:{permission.Name}:MaxLifetime must be positive, or left out to last as long as the session.");
            }
        }

        RequirePositive(errors, at, nameof(options.SignInMessageLifetime), options.SignInMessageLifetime);
        RequirePositive(errors, at, nameof(options.DefaultSessionLifetime), options.DefaultSessionLifetime);
        RequirePositive(errors, at, nameof(options.MaxSessionLifetime), options.MaxSessionLifetime);
        RequirePositive(errors, at, nameof(options.StoreRetryAfter), options.StoreRetryAfter);
        if (options.DefaultSessionLifetime > options.MaxSessionLifetime)
        {
            errors.Add($"{at}:DefaultSessionLifetime ({options.DefaultSessionLifetime}) is longer than MaxSessionLifetime ({options.MaxSessionLifetime}). Lower the default or raise the maximum.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{at}:ClockSkew must be between 00:00:00 and 00:10:00; the default 00:01:00 suits wallets with a synced clock.");
        }

        if (options.MaxSessionsPerAddress is < 1 or > 1000)
        {
            errors.Add($"{at}:MaxSessionsPerAddress must be between 1 and 1000 (default 50).");
        }

        ValidateDpop(errors, at, options);
        ValidateLiveEvents(errors, at, options.LiveEvents);

        // One clock: the TimeProvider service, which ASP.NET also gives every scheme. A scheme with a clock of its own
        // would expire sessions by one clock and nonces, caches and chain checks by another.
        if (options.TimeProvider is not null && !ReferenceEquals(options.TimeProvider, clock))
        {
            errors.Add($"{at}: the scheme's TimeProvider is not the TimeProvider service. Set the clock once, for the whole app: services.AddSingleton<TimeProvider>(yourClock), and leave the scheme's TimeProvider unset.");
        }

        ValidateStore(errors);
        ValidateChainRpc(errors, at, options);

        if (options.UseSessionCookie)
        {
            var cookie = options.SessionCookie;
            if (string.IsNullOrEmpty(cookie.Name))
            {
                errors.Add($"{at}:SessionCookie:Name is empty. Keep the default \"{Web3AuthDefaults.CookieName}\".");
            }
            else if (cookie.Name.StartsWith("__Host-", StringComparison.Ordinal) &&
                     (cookie.SecurePolicy != CookieSecurePolicy.Always || cookie.Path != "/" || !string.IsNullOrEmpty(cookie.Domain)))
            {
                errors.Add($"{at}:SessionCookie \"{cookie.Name}\" has the __Host- prefix, which browsers only accept with SecurePolicy=Always, Path=/ and no Domain.");
            }

            if (!cookie.HttpOnly)
            {
                errors.Add($"{at}:SessionCookie:HttpOnly must stay true: a session cookie readable by scripts is stolen by the first XSS.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Smart-wallet checks trust the endpoint's answers: a tampered answer would let anyone sign in as any smart wallet,
    // so they must come over TLS (or from this machine). URLs are not quoted: they often carry an API key.
    private static void ValidateChainRpc(List<string> errors, string at, Web3SessionKeyOptions options)
    {
        foreach (var (chainId, url) in options.ChainRpcUrls)
        {
            if (url is null || !url.IsAbsoluteUri || (url.Scheme != System.Uri.UriSchemeHttps && url.Scheme != System.Uri.UriSchemeHttp))
            {
                errors.Add($"{at}:ChainRpcUrls:{chainId} must be an absolute https URL of the chain's JSON-RPC endpoint.");
            }
            else if (url.Scheme == System.Uri.UriSchemeHttp && !url.IsLoopback)
            {
                errors.Add($"{at}:ChainRpcUrls:{chainId} uses http to another machine. Use https: whoever can alter the endpoint's answers can sign in as any smart-contract wallet. (http is accepted for a node on this machine, such as http://127.0.0.1:8545.)");
            }

            if (!options.AllowedChainIds.Contains(chainId))
            {
                errors.Add($"{at}:ChainRpcUrls has an endpoint for chain {chainId}, which is not in AllowedChainIds. Add {chainId} to AllowedChainIds, or remove the endpoint.");
            }
        }

        RequirePositive(errors, at, nameof(options.ChainRpcTimeout), options.ChainRpcTimeout);
        if (options.ChainRpcRetries is < 0 or > 5)
        {
            errors.Add($"{at}:ChainRpcRetries must be between 0 and 5 (default 1): each retry can add a timeout to a sign-in's wait.");
        }

        if (options.SmartWalletRevalidationInterval is { } interval)
        {
            RequirePositive(errors, at, nameof(options.SmartWalletRevalidationInterval), interval);
            if (options.ChainRpcUrls.Count == 0)
            {
                errors.Add($"{at}:SmartWalletRevalidationInterval is set but ChainRpcUrls is empty, so no smart-contract wallet can sign in to be re-checked. Configure ChainRpcUrls, or remove the interval.");
            }
        }
    }

    // Without a store (the default one needs an IDistributedCache) every request would answer 500: say so at start-up.
    private void ValidateStore(List<string> errors)
    {
        try
        {
            if (services.GetRequiredService<IWeb3SessionStore>() is DistributedCacheWeb3SessionStore)
            {
                WarnIfSharedRedisCache();
            }
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"The session store cannot be created ({ex.Message}). The default store keeps sessions in an IDistributedCache: add builder.Services.AddDistributedMemoryCache() for one node, or builder.Services.AddRedisStore(...) (package Web3Auth.AspNetCore.Redis) for several.");
        }
    }

    // The default store over Microsoft's Redis cache: correct on one node, but that cache is there to be shared, and
    // a generic cache has no set-if-absent. Known by type name, so this package needs no Redis reference.
    private void WarnIfSharedRedisCache()
    {
        var cacheType = services.GetService<IDistributedCache>()?.GetType();
        for (var type = cacheType; type is not null; type = type.BaseType)
        {
            if (type.FullName == RedisCacheTypeName)
            {
                if (Interlocked.Exchange(ref _warnedSharedCache, 1) == 0)
                {
                    Log.SharedCacheWithoutAtomicSingleUse(services.GetRequiredService<ILoggerFactory>().CreateLogger("Web3Auth.AspNetCore.Web3SessionStore"), RedisCacheTypeName);
                }

                return;
            }
        }
    }

    private static void RequirePositive(List<string> errors, string at, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{at}:{option} must be a positive time span, for example 00:05:00.");
        }
    }

    private static bool IsAuthority(string domain) => SiweConfigurationCheck.DomainError(domain) is null && !domain.Contains('@', StringComparison.Ordinal);

    private static bool Rfc3986Uri(string uri) => SiweConfigurationCheck.UriError(uri) is null;

    private static void ValidateDpop(List<string> errors, string at, Web3SessionKeyOptions options)
    {
        if (!Enum.IsDefined(options.ProofOfPossession))
        {
            errors.Add($"{at}:ProofOfPossession must be Optional or Required.");
        }

        var dpop = options.Dpop;
        if (dpop is null)
        {
            errors.Add($"{at}:Dpop must not be null.");
            return;
        }

        if (dpop.Algorithms is null || dpop.Algorithms.Count == 0 || dpop.Algorithms.Any(a => a is not ("ES256" or "ES256K")))
        {
            errors.Add($"{at}:Dpop:Algorithms must list ES256, ES256K or both (the default); no other algorithm is accepted for DPoP proofs.");
        }

        if (dpop.ProofLifetime <= TimeSpan.Zero || dpop.ProofLifetime > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{at}:Dpop:ProofLifetime must be between 00:00:01 and 00:10:00 (default 00:01:00): clients make a proof per request.");
        }

        if (dpop.NonceLifetime is { } nonce && (nonce <= TimeSpan.Zero || nonce > TimeSpan.FromDays(1)))
        {
            errors.Add($"{at}:Dpop:NonceLifetime must be between 00:00:01 and 1.00:00:00, or unset to turn server nonces off.");
        }
    }

    private static void ValidateLiveEvents(List<string> errors, string at, Web3LiveEventsOptions? live)
    {
        if (live is null)
        {
            errors.Add($"{at}:LiveEvents must not be null.");
            return;
        }

        if (live.MaxStreamsPerSession is < 1 or > 100)
        {
            errors.Add($"{at}:LiveEvents:MaxStreamsPerSession must be 1 to 100 (default 4).");
        }

        if (live.MaxStreamsPerAddress is < 1 or > 1000 || live.MaxStreamsPerAddress < live.MaxStreamsPerSession)
        {
            errors.Add($"{at}:LiveEvents:MaxStreamsPerAddress must be 1 to 1000 (default 16), and no less than MaxStreamsPerSession.");
        }

        Between(live.HeartbeatInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "HeartbeatInterval", "00:00:15");
        Between(live.WriteTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "WriteTimeout", "00:00:10");
        Between(live.ResumeWindow, TimeSpan.Zero, TimeSpan.FromDays(1), "ResumeWindow", "00:05:00");
        Between(live.ReconnectDelay, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "ReconnectDelay", "00:00:03");

        void Between(TimeSpan value, TimeSpan min, TimeSpan max, string key, string byDefault)
        {
            if (value < min || value > max)
            {
                errors.Add(FormattableString.Invariant($"{at}:LiveEvents:{key} must be between {min:c} and {max:c} (default {byDefault})."));
            }
        }
    }
}
