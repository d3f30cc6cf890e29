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

    /// <summary>How long an issued sign-in message can be signed and submitted. Default 5 minutes.</summary>
    public TimeSpan SignInMessageLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most live sessions one address may have in this scheme. A sign-in beyond it ends the address's sessions
    /// closest to their end first (only the address's own sign-ins can do that). Default 50; 1 to 1000.
    /// </summary>
    public int MaxSessionsPerAddress { get; set; } = 50;

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

    /// <summary>
    /// The delay clients are told to wait (<c>Retry-After</c>) when the session store or a chain's JSON-RPC endpoint is
    /// unavailable. Default 5 seconds. After a failed call an endpoint is not called again for this long: requests fail
    /// at once with 503 instead of each waiting for a timeout.
    /// </summary>
    public TimeSpan StoreRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// JSON-RPC endpoints by EIP-155 chain id, for smart-contract wallets (EIP-1271 and EIP-6492): a signature that is
    /// not an EOA signature of the message's address is checked on the chain the message names, through its endpoint.
    /// Empty by default: EOAs sign in without any endpoint; on a chain without one, a smart wallet's signature is refused
    /// with <c>smart_wallet_unverifiable</c> (or <c>invalid_signature</c> naming the signer when it is an ordinary 65-byte
    /// signature by another account). URLs must be https (http only to a loopback address) and their chains allowed.
    /// Configuration: <c>Authentication:Schemes:Web3:ChainRpcUrls:8453 = https://…</c>. The URLs often carry an API
    /// key; they are never logged.
    /// </summary>
    public IDictionary<ulong, Uri> ChainRpcUrls { get; set; } = new Dictionary<ulong, Uri>();

    /// <summary>How long one JSON-RPC request may take before it counts as failed. Default 5 seconds.</summary>
    public TimeSpan ChainRpcTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a JSON-RPC request that failed in transit (connection error, timeout, HTTP 408, 429 or 5xx) is
    /// tried again (the calls are read-only, so repeating them is safe). Default 1; 0 to 5.
    /// </summary>
    public int ChainRpcRetries { get; set; } = 1;

    /// <summary>
    /// When set, a smart-contract wallet session is re-checked on use at most this often: the wallet is asked again
    /// whether it accepts the sign-in signature, and the session ends (401 <c>invalid_token</c>) when it no longer does
    /// — for example after the signing key was removed from a Safe (EIP-4361 "session invalidation"). Requests between
    /// checks cost nothing; a check that cannot reach the chain answers 503 <c>chain_unavailable</c> (fail closed).
    /// <see langword="null"/> (the default) turns it off. EOA sessions are never re-checked.
    /// </summary>
    public TimeSpan? SmartWalletRevalidationInterval { get; set; }

    /// <summary>
    /// Whether sessions must be bound to a client key. <see cref="Web3ProofOfPossession.Optional"/> (the default): a
    /// sign-in that sends a <c>sessionKey</c> gets a key-bound session (every request needs a DPoP proof by that key), one
    /// without gets a bearer session. <see cref="Web3ProofOfPossession.Required"/>: every new session must be key-bound.
    /// </summary>
    public Web3ProofOfPossession ProofOfPossession { get; set; }

    /// <summary>How the DPoP proofs of key-bound sessions are checked (algorithms, proof lifetime, server nonces).</summary>
    public Web3DpopOptions Dpop { get; set; } = new();

    /// <summary>The bounds of the live session events endpoints (stream caps, heartbeat, write timeout, resume window).</summary>
    public Web3LiveEventsOptions LiveEvents { get; set; } = new();

    /// <summary>
    /// When set, a page a person opened without a live session is redirected to this sign-in page instead of answered
    /// with a 401 problem: a GET or HEAD whose <c>Accept</c> asks for <c>text/html</c> (a browser navigation; fetch() and
    /// API clients ask for JSON), other than the sign-in page itself.
    /// The redirect carries <c>returnUrl</c> (the page, relative) and, when the request's token had ended,
    /// <c>ended=expired</c>. API calls (JSON), other methods and a store outage (503) are answered as before. Unset by
    /// default.
    /// </summary>
    public PathString? SignInPagePath { get; set; }

    /// <summary>The events the application can handle to customise the scheme.</summary>
    public new Web3SessionKeyEvents Events
    {
        get => (Web3SessionKeyEvents)base.Events!;
        set => base.Events = value;
    }

    /// <summary>Creates options with default events.</summary>
    public Web3SessionKeyOptions() => Events = new Web3SessionKeyEvents();
}
