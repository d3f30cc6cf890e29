using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Options of the wallet session-key scheme. Bound from <c>Authentication:Schemes:{scheme}</c> and validated at
/// start-up: a wrong value stops the app with a message naming the option and the fix.
/// </summary>
public sealed class Web3SessionKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>
    /// The domain (RFC 3986 authority: host and optional port, no scheme) users sign in to, exactly as the wallet
    /// will show it, for example <c>app.example.com</c>. Required outside Development; in Development it falls back
    /// to the request's Host header with a warning. Never derive it from the Host header in production: the
    /// domain binding is what stops a phishing site from relaying a signature meant for it.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>The URI the user signs in to (EIP-4361 <c>URI</c>); defaults to <c>https://{Domain}</c>.</summary>
    public string? Uri { get; set; }

    /// <summary>The EIP-155 chain ids a wallet may sign in on. Empty means <c>[1]</c> (Ethereum mainnet).</summary>
    public ISet<ulong> AllowedChainIds { get; set; } = new HashSet<ulong>();

    /// <summary>The human-readable statement of the sign-in message; the ReCap sentence listing permissions is appended.</summary>
    public string? Statement { get; set; }

    /// <summary>The permissions a session may be granted.</summary>
    public Web3PermissionCollection Permissions { get; } = new();

    /// <summary>How long an issued challenge (its nonce) can be used to sign in. Default 5 minutes.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Session lifetime when the client asks for none. Default 1 hour.</summary>
    public TimeSpan DefaultSessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest session a client may ask for. Default 7 days.</summary>
    public TimeSpan MaxSessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tolerated difference between the wallet's and the server's clocks. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a successful login also sets the session cookie, and requests may authenticate with it.
    /// Off by default: the bearer token is the primary transport.
    /// </summary>
    public bool UseSessionCookie { get; set; }

    /// <summary>
    /// The session cookie. Defaults: <c>__Host-web3-session</c>, HttpOnly, Secure, SameSite=Strict, Path=/.
    /// Unsafe methods authenticated by the cookie must come from this site's origin (CSRF protection).
    /// </summary>
    public CookieBuilder SessionCookie { get; set; } = new()
    {
        Name = Web3AuthDefaults.CookieName,
        HttpOnly = true,
        SecurePolicy = CookieSecurePolicy.Always,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    /// <summary>The delay clients are told to wait (<c>Retry-After</c>) when the session store is unavailable. Default 5 seconds.</summary>
    public TimeSpan StoreRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The events the application can handle to customise the scheme.</summary>
    public new Web3SessionKeyEvents Events
    {
        get => (Web3SessionKeyEvents)base.Events!;
        set => base.Events = value;
    }

    /// <summary>Creates options with default events.</summary>
    public Web3SessionKeyOptions() => Events = new Web3SessionKeyEvents();
}
