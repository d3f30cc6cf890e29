using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Authenticates requests by session token (<c>Authorization: Bearer</c>, or the session cookie when enabled),
/// and writes RFC 6750 401/403 answers with problem+json bodies. Fails closed: a store outage is a 503, never a
/// pass and never a 500.
/// </summary>
internal sealed class Web3SessionKeyHandler : AuthenticationHandler<Web3SessionKeyOptions>
{
    private readonly IWeb3SessionStore _store;
    private readonly Web3SessionLifecycle _lifecycle;
    private readonly Web3AuthMetrics _metrics;
    private readonly StoreFailureLog _storeFailureLog;
    private readonly SmartWalletRevalidator _revalidator;

    /// <summary>The <see cref="AuthenticationProperties.Items"/> key of the error code of a failed authentication.</summary>
    internal const string ErrorItem = Web3AuthDefaults.AuthenticationErrorItem;

    // Why authentication failed for this request; the challenge answers accordingly.
    private string? _failure;
    private string? _failureDescription;

    /// <summary>Creates the handler; resolved by the authentication system per request.</summary>
    public Web3SessionKeyHandler(
        IOptionsMonitor<Web3SessionKeyOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IWeb3SessionStore store,
        Web3SessionLifecycle lifecycle,
        Web3AuthMetrics metrics,
        StoreFailureLog storeFailureLog,
        SmartWalletRevalidator revalidator)
        : base(options, logger, encoder)
    {
        _store = store;
        _lifecycle = lifecycle;
        _metrics = metrics;
        _storeFailureLog = storeFailureLog;
        _revalidator = revalidator;
    }

    private new Web3SessionKeyEvents Events => (Web3SessionKeyEvents)base.Events!;

    /// <inheritdoc />
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new Web3SessionKeyEvents());

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var received = new MessageReceivedContext(Context, Scheme, Options);
        await Events.MessageReceived(received).ConfigureAwait(false);
        if (received.Result is not null)
        {
            return received.Result;
        }

        var token = received.Token;
        var fromCookie = false;
        if (token is null)
        {
            token = ReadBearerToken();
            if (token is null && Options.UseSessionCookie && Request.Cookies.TryGetValue(Options.SessionCookie.Name!, out var cookie))
            {
                token = cookie;
                fromCookie = true;
            }
        }

        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (fromCookie && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) &&
            !HttpMethods.IsOptions(Request.Method) && !HttpMethods.IsTrace(Request.Method) && !IsSameOriginRequest())
        {
            Log.CsrfRejected(Logger, Request.Method);
            return await FailAsync(Web3ErrorCodes.CsrfRejected, "A cookie-authenticated request that changes state must come from this site.").ConfigureAwait(false);
        }

        if (!SessionToken.TryParse(token, out var sessionId, out var address, out var presentedHash))
        {
            return await FailAsync(Web3ErrorCodes.InvalidToken, "The session token is malformed.").ConfigureAwait(false);
        }

        var now = TimeProvider.GetUtcNow();
        Web3Session? session;
        try
        {
            // This scheme's key space only: another scheme's session is not even looked up.
            session = await _store.FindSessionAsync(new Web3SessionOwner(Scheme.Name, address), sessionId, now, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (Web3StoreUnavailableException ex)
        {
            _storeFailureLog.Report(Logger, ex);
            return await FailAsync(Web3ErrorCodes.StoreUnavailable, "The session store is temporarily unavailable.").ConfigureAwait(false);
        }

        // A session is this scheme's and this site's: the record says which, and a store that mixed key spaces (two
        // apps on one Redis prefix) cannot make one site accept another's sessions.
        if (session is null || session.ExpiresAt <= now || !SessionToken.Matches(presentedHash, session.TokenHash) ||
            !string.Equals(session.Scheme, Scheme.Name, StringComparison.Ordinal) ||
            !string.Equals(session.Domain, Web3Site.DomainOf(Options, Request), StringComparison.OrdinalIgnoreCase))
        {
            if (fromCookie)
            {
                // A dead session's cookie would otherwise ride along on every request until it expires.
                Response.Cookies.Delete(Options.SessionCookie.Name!, Options.SessionCookie.Build(Context));
            }

            return await FailAsync(Web3ErrorCodes.InvalidToken, "The session token is unknown, expired or revoked.").ConfigureAwait(false);
        }

        if (SmartWalletRevalidator.Applies(session, Options))
        {
            var revalidation = await RevalidateAsync(session).ConfigureAwait(false);
            if (revalidation is not null)
            {
                return revalidation;
            }
        }

        var validated = new SessionValidatedContext(Context, Scheme, Options, session, CreatePrincipal(session, now));
        await Events.SessionValidated(validated).ConfigureAwait(false);
        if (validated.Result is not null)
        {
            return validated.Result;
        }

        var properties = new AuthenticationProperties { IssuedUtc = session.CreatedAt, ExpiresUtc = session.ExpiresAt };
        properties.SetParameter(CurrentWeb3Session.PropertiesKey, session);
        Context.Features.Set<IWeb3SessionFeature>(new Web3SessionFeature(session));
        Log.SessionAuthenticated(Logger, session.Id);
        _metrics.Authentication(Web3AuthMetrics.Success);
        return AuthenticateResult.Success(new AuthenticationTicket(validated.SessionPrincipal, properties, Scheme.Name));
    }

    // A smart-contract wallet session whose check is due asks the wallet again; null means "carry on".
    private async Task<AuthenticateResult?> RevalidateAsync(Web3Session session)
    {
        switch (await _revalidator.CheckAsync(session, Options, Context.RequestAborted).ConfigureAwait(false))
        {
            case RevalidationOutcome.Ended:
                try
                {
                    await _lifecycle.EndSessionAsync(session, "wallet", Context.RequestAborted).ConfigureAwait(false);
                }
                catch (Web3StoreUnavailableException ex)
                {
                    _storeFailureLog.Report(Logger, ex);
                    return await FailAsync(Web3ErrorCodes.StoreUnavailable, "The session store is temporarily unavailable.").ConfigureAwait(false);
                }

                Log.SessionEndedByWallet(Logger, session.Id, session.Address.ToString(), session.ChainId);
                return await FailAsync(Web3ErrorCodes.InvalidToken, "The wallet no longer accepts the signature this session was created with. Sign in again.").ConfigureAwait(false);
            case RevalidationOutcome.ChainUnavailable:
                return await FailAsync(Web3ErrorCodes.ChainUnavailable, $"Chain {session.ChainId} could not be reached to re-check the smart-contract wallet. Retry later.").ConfigureAwait(false);
            default:
                return null;
        }
    }

    // Runs on every authenticated request. The account's claim values come from a small cache (the EIP-55 spelling
    // costs a Keccak-256), and each claim is created with the identity as its subject: ClaimsIdentity would
    // otherwise clone every claim it is given.
    private ClaimsPrincipal CreatePrincipal(Web3Session session, DateTimeOffset now)
    {
        var issuer = ClaimsIdentity.DefaultIssuer;
        var account = AccountClaimValues.For(session.Address, session.ChainId);
        var identity = new ClaimsIdentity(Scheme.Name, Web3ClaimTypes.Address, roleType: null);
        identity.AddClaim(new Claim(Web3ClaimTypes.Subject, account.Subject, ClaimValueTypes.String, issuer, issuer, identity));
        identity.AddClaim(new Claim(Web3ClaimTypes.Address, account.AddressText, ClaimValueTypes.String, issuer, issuer, identity));
        identity.AddClaim(new Claim(Web3ClaimTypes.ChainId, account.ChainIdText, ClaimValueTypes.UInteger64, issuer, issuer, identity));
        identity.AddClaim(new Claim(Web3ClaimTypes.SessionId, session.Id, ClaimValueTypes.String, issuer, issuer, identity));
        identity.AddClaim(new Claim(Web3ClaimTypes.VerificationMethod, session.VerificationMethod, ClaimValueTypes.String, issuer, issuer, identity));
        var permissions = session.Permissions;
        for (var i = 0; i < permissions.Count; i++)
        {
            // The same rule as Web3Session.LivePermissions, without the enumerator.
            if (permissions[i].ExpiresAt > now)
            {
                identity.AddClaim(new Claim(Web3ClaimTypes.Permission, permissions[i].Name, ClaimValueTypes.String, issuer, issuer, identity));
            }
        }

        return new ClaimsPrincipal(identity);
    }

    private string? ReadBearerToken()
    {
        string? authorization = Request.Headers.Authorization;
        const string prefix = "Bearer ";
        return authorization is not null && authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[prefix.Length..].Trim()
            : null;
    }

    // Browsers send Origin on every cross-origin and every unsafe same-origin request, and Sec-Fetch-Site on all
    // of them; a request with neither did not come from a page of ours, so it is refused (fail closed).
    private bool IsSameOriginRequest()
    {
        var site = Web3Site.Resolve(Options, Request);
        string? origin = Request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin))
        {
            return string.Equals(origin, site.Origin, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(Request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.Ordinal);
    }

    private async Task<AuthenticateResult> FailAsync(string error, string description)
    {
        _failure = error;
        _failureDescription = description;
        _metrics.Authentication(error);
        if (error is not Web3ErrorCodes.StoreUnavailable and not Web3ErrorCodes.ChainUnavailable)
        {
            Log.TokenRejected(Logger, error);
        }

        var failed = new AuthenticationFailedContext(Context, Scheme, Options, error, description);
        await Events.AuthenticationFailed(failed).ConfigureAwait(false);
        // The code travels with the result, so callers of AuthenticateAsync can tell an outage from a bad token.
        return failed.Result ?? AuthenticateResult.Fail(description, new AuthenticationProperties(new Dictionary<string, string?> { [ErrorItem] = error }));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Make sure authentication ran, so _failure is known even when the challenge comes first.
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);

        // An event's own Fail() (MessageReceived, SessionValidated) refused the request's token too (RFC 6750 §3.1);
        // its message is the application's, not necessarily safe to show, so the description is ours.
        var eventFailed = _failure is null && result.Failure is not null;
        var challenge = new Web3ChallengeContext(Context, Scheme, Options, properties)
        {
            Error = eventFailed ? Web3ErrorCodes.InvalidToken : _failure,
            ErrorDescription = eventFailed ? "The session token was refused." : _failureDescription,
        };
        await Events.Challenge(challenge).ConfigureAwait(false);
        if (challenge.Handled)
        {
            return;
        }

        switch (challenge.Error)
        {
            case Web3ErrorCodes.StoreUnavailable:
                await Web3ProblemResult.StoreUnavailable(Options.StoreRetryAfter).WriteAsync(Response).ConfigureAwait(false);
                return;
            case Web3ErrorCodes.ChainUnavailable:
                await Web3ProblemResult.ChainUnavailable(challenge.ErrorDescription ?? "The chain could not be reached. Retry later.", Options.StoreRetryAfter)
                    .WriteAsync(Response).ConfigureAwait(false);
                return;
            case Web3ErrorCodes.CsrfRejected:
                await Web3ProblemResult.Forbidden(Web3ErrorCodes.CsrfRejected, challenge.ErrorDescription ?? "Cross-site request refused.")
                    .WriteAsync(Response).ConfigureAwait(false);
                return;
        }

        // RFC 6750 §3: no error attributes when the request carried no token at all.
        Response.Headers.Append(HeaderNames.WWWAuthenticate, challenge.Error is null
            ? "Bearer"
            : $"Bearer error=\"{QuotedStringSafe(challenge.Error)}\", error_description=\"{QuotedStringSafe(challenge.ErrorDescription)}\"");
        await Web3ProblemResult.Unauthorized(
                challenge.Error ?? Web3ErrorCodes.InvalidToken,
                challenge.ErrorDescription ?? "This endpoint needs a session token: sign in with your wallet.")
            .WriteAsync(Response).ConfigureAwait(false);
    }

    // RFC 6750 attribute values are quoted strings: drop what would end or escape the quotes (events may set any text).
    private static string QuotedStringSafe(string? value) =>
        string.Concat((value ?? string.Empty).Where(c => c is not ('"' or '\\') && !char.IsControl(c)));

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var missing = Context.Items[Web3PermissionAuthorizationHandler.MissingPermissionsKey] as List<string> ?? [];
        var forbidden = new ForbiddenContext(Context, Scheme, Options) { MissingPermissions = missing };
        await Events.Forbidden(forbidden).ConfigureAwait(false);
        // The application answered: it set a result, or wrote the response itself.
        if (forbidden.Result is not null || Response.HasStarted)
        {
            return;
        }

        if (missing.Count > 0)
        {
            var scope = string.Join(' ', missing);
            Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
            await Web3ProblemResult.Forbidden(Web3ErrorCodes.InsufficientScope, $"This session lacks the permission: {scope}. Sign in again and grant it.")
                .WriteAsync(Response).ConfigureAwait(false);
            return;
        }

        await Web3ProblemResult.Forbidden(Web3ErrorCodes.Forbidden, "This session may not access this resource.").WriteAsync(Response).ConfigureAwait(false);
    }
}
