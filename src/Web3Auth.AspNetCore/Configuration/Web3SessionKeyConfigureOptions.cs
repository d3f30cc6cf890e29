using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Binds <c>Authentication:Schemes:{scheme}</c> onto the options, like JwtBearer does. Explicit reads rather than
/// reflection binding: trim-safe, and every key this reads is a documented option.
/// </summary>
internal sealed class Web3SessionKeyConfigureOptions(IAuthenticationConfigurationProvider configurationProvider) : IConfigureNamedOptions<Web3SessionKeyOptions>
{
    public void Configure(Web3SessionKeyOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, Web3SessionKeyOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var section = configurationProvider.GetSchemeConfiguration(name);
        var path = "Authentication:Schemes:" + name;
        if (!section.GetChildren().Any())
        {
            return;
        }

        options.Domain = section[nameof(options.Domain)] ?? options.Domain;
        options.Uri = section[nameof(options.Uri)] ?? options.Uri;
        options.Statement = section[nameof(options.Statement)] ?? options.Statement;
        options.SignInMessageLifetime = ReadTimeSpan(section, path, nameof(options.SignInMessageLifetime)) ?? options.SignInMessageLifetime;
        options.DefaultSessionLifetime = ReadTimeSpan(section, path, nameof(options.DefaultSessionLifetime)) ?? options.DefaultSessionLifetime;
        options.MaxSessionLifetime = ReadTimeSpan(section, path, nameof(options.MaxSessionLifetime)) ?? options.MaxSessionLifetime;
        options.ClockSkew = ReadTimeSpan(section, path, nameof(options.ClockSkew)) ?? options.ClockSkew;
        options.StoreRetryAfter = ReadTimeSpan(section, path, nameof(options.StoreRetryAfter)) ?? options.StoreRetryAfter;
        if (section[nameof(options.MaxSessionsPerAddress)] is { } maxSessions)
        {
            options.MaxSessionsPerAddress = int.TryParse(maxSessions, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:MaxSessionsPerAddress is '{maxSessions}', which is not a whole number. Use 1 to 1000."]);
        }

        if (bool.TryParse(section[nameof(options.UseSessionCookie)], out var useCookie))
        {
            options.UseSessionCookie = useCookie;
        }

        BindCookie(section.GetSection(nameof(options.SessionCookie)), options.SessionCookie, name, path + ":SessionCookie");

        // Forwarding, as every AuthenticationSchemeOptions: "ForwardChallenge": "Cookies".
        options.ForwardDefault = section[nameof(options.ForwardDefault)] ?? options.ForwardDefault;
        options.ForwardAuthenticate = section[nameof(options.ForwardAuthenticate)] ?? options.ForwardAuthenticate;
        options.ForwardChallenge = section[nameof(options.ForwardChallenge)] ?? options.ForwardChallenge;
        options.ForwardForbid = section[nameof(options.ForwardForbid)] ?? options.ForwardForbid;
        options.ForwardSignIn = section[nameof(options.ForwardSignIn)] ?? options.ForwardSignIn;
        options.ForwardSignOut = section[nameof(options.ForwardSignOut)] ?? options.ForwardSignOut;

        if (section[nameof(options.SignInPagePath)] is { } signInPage)
        {
            options.SignInPagePath = signInPage.StartsWith('/')
                ? new PathString(signInPage)
                : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:SignInPagePath is '{signInPage}'. Write the sign-in page's path, starting with '/', for example /signin."]);
        }

        var chains = section.GetSection(nameof(options.AllowedChainIds)).GetChildren().ToList();
        if (chains.Count > 0)
        {
            options.AllowedChainIds.Clear();
            foreach (var chain in chains)
            {
                options.AllowedChainIds.Add(ulong.TryParse(chain.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                        [$"{path}:AllowedChainIds contains '{chain.Value}', which is not a decimal chain id. Use numbers such as 1 (mainnet) or 8453 (Base)."]));
            }
        }

        // "ChainRpcUrls": { "8453": "https://…" }. The URL is not quoted in errors: it often carries an API key.
        foreach (var endpoint in section.GetSection(nameof(options.ChainRpcUrls)).GetChildren())
        {
            if (!ulong.TryParse(endpoint.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
            {
                throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:ChainRpcUrls has the key '{endpoint.Key}', which is not a decimal chain id. Key each URL by its chain id, for example ChainRpcUrls:8453 for Base."]);
            }

            options.ChainRpcUrls[chainId] = System.Uri.TryCreate(endpoint.Value, UriKind.Absolute, out var url)
                ? url
                : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:ChainRpcUrls:{chainId} is not an absolute URL. Write the JSON-RPC endpoint of chain {chainId}, such as https://mainnet.base.org."]);
        }

        options.ChainRpcTimeout = ReadTimeSpan(section, path, nameof(options.ChainRpcTimeout)) ?? options.ChainRpcTimeout;
        options.SmartWalletRevalidationInterval = ReadTimeSpan(section, path, nameof(options.SmartWalletRevalidationInterval)) ?? options.SmartWalletRevalidationInterval;
        if (section[nameof(options.ChainRpcRetries)] is { } retries)
        {
            options.ChainRpcRetries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:ChainRpcRetries is '{retries}', which is not a whole number. Use 0 to 5."]);
        }

        // "Permissions": { "profile/read": { "Description": "...", "MaxLifetime": "00:30:00", "GrantedByDefault": false, "RequireKeyBoundSession": true } }
        foreach (var permission in section.GetSection(nameof(options.Permissions)).GetChildren())
        {
            var grantedByDefault = !bool.TryParse(permission["GrantedByDefault"], out var granted) || granted;
            var keyBound = bool.TryParse(permission["RequireKeyBoundSession"], out var required) && required;
            options.Permissions.Add(permission.Key, permission["Description"] ?? permission.Key, ReadTimeSpan(permission, $"{path}:Permissions:{permission.Key}", "MaxLifetime"),
                grantedByDefault, keyBound);
        }

        if (section[nameof(options.ProofOfPossession)] is { } proofOfPossession)
        {
            options.ProofOfPossession = Enum.TryParse<Web3ProofOfPossession>(proofOfPossession, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? mode
                : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
                    [$"{path}:ProofOfPossession is '{proofOfPossession}'. Use Optional (the default) or Required."]);
        }

        // "Dpop": { "Algorithms": [ "ES256" ], "ProofLifetime": "00:01:00", "NonceLifetime": "00:05:00" }
        var dpop = section.GetSection(nameof(options.Dpop));
        var algorithms = dpop.GetSection(nameof(Web3DpopOptions.Algorithms)).GetChildren().Select(a => a.Value).OfType<string>().ToList();
        if (algorithms.Count > 0)
        {
            options.Dpop.Algorithms = new HashSet<string>(algorithms, StringComparer.Ordinal);
        }

        options.Dpop.ProofLifetime = ReadTimeSpan(dpop, path + ":Dpop", nameof(Web3DpopOptions.ProofLifetime)) ?? options.Dpop.ProofLifetime;
        options.Dpop.NonceLifetime = ReadTimeSpan(dpop, path + ":Dpop", nameof(Web3DpopOptions.NonceLifetime)) ?? options.Dpop.NonceLifetime;

        // "LiveEvents": { "MaxStreamsPerSession": 4, "MaxStreamsPerAddress": 16, "HeartbeatInterval": "00:00:15", ... }
        var live = section.GetSection(nameof(options.LiveEvents));
        var livePath = path + ":LiveEvents";
        options.LiveEvents.MaxStreamsPerSession = ReadInt(live, name, livePath, nameof(Web3LiveEventsOptions.MaxStreamsPerSession), "1 to 100") ?? options.LiveEvents.MaxStreamsPerSession;
        options.LiveEvents.MaxStreamsPerAddress = ReadInt(live, name, livePath, nameof(Web3LiveEventsOptions.MaxStreamsPerAddress), "1 to 1000") ?? options.LiveEvents.MaxStreamsPerAddress;
        options.LiveEvents.HeartbeatInterval = ReadTimeSpan(live, livePath, nameof(Web3LiveEventsOptions.HeartbeatInterval)) ?? options.LiveEvents.HeartbeatInterval;
        options.LiveEvents.WriteTimeout = ReadTimeSpan(live, livePath, nameof(Web3LiveEventsOptions.WriteTimeout)) ?? options.LiveEvents.WriteTimeout;
        options.LiveEvents.ResumeWindow = ReadTimeSpan(live, livePath, nameof(Web3LiveEventsOptions.ResumeWindow)) ?? options.LiveEvents.ResumeWindow;
        options.LiveEvents.ReconnectDelay = ReadTimeSpan(live, livePath, nameof(Web3LiveEventsOptions.ReconnectDelay)) ?? options.LiveEvents.ReconnectDelay;
    }

    private static int? ReadInt(IConfiguration section, string name, string path, string key, string range) =>
        section[key] is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions), [$"{path}:{key} is '{text}', which is not a whole number. Use {range}."]);

    // "SessionCookie": { "Name": "__Host-app", "SameSite": "Lax", "SecurePolicy": "Always", "HttpOnly": true, "Path": "/", "Domain": null, "IsEssential": true }
    private static void BindCookie(IConfigurationSection section, CookieBuilder cookie, string name, string path)
    {
        cookie.Name = section[nameof(cookie.Name)] is { Length: > 0 } cookieName ? cookieName : cookie.Name;
        cookie.Path = section[nameof(cookie.Path)] ?? cookie.Path;
        cookie.Domain = section[nameof(cookie.Domain)] ?? cookie.Domain;
        cookie.SameSite = ReadEnum(section, nameof(cookie.SameSite), cookie.SameSite, name, path);
        cookie.SecurePolicy = ReadEnum(section, nameof(cookie.SecurePolicy), cookie.SecurePolicy, name, path);
        cookie.HttpOnly = ReadBool(section, nameof(cookie.HttpOnly), cookie.HttpOnly, name, path);
        cookie.IsEssential = ReadBool(section, nameof(cookie.IsEssential), cookie.IsEssential, name, path);
    }

    private static T ReadEnum<T>(IConfiguration section, string key, T current, string name, string path)
        where T : struct, Enum =>
        section[key] is not { } text ? current
        : Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions),
            [$"{path}:{key} is '{text}'. Use one of: {string.Join(", ", Enum.GetNames<T>())}."]);

    private static bool ReadBool(IConfiguration section, string key, bool current, string name, string path) =>
        section[key] is not { } text ? current
        : bool.TryParse(text, out var value) ? value
        : throw new OptionsValidationException(name, typeof(Web3SessionKeyOptions), [$"{path}:{key} is '{text}'. Use true or false."]);

    private static TimeSpan? ReadTimeSpan(IConfiguration section, string path, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new OptionsValidationException(path, typeof(Web3SessionKeyOptions),
                [$"{path}:{key} is '{text}', which is not a time span. Write it as hh:mm:ss or d.hh:mm:ss, for example 01:00:00 for one hour."]);
    }
}
