using System.Diagnostics;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Authenticates requests by session token — <c>Authorization: Bearer</c>, <c>Authorization: DPoP</c> with a DPoP
/// proof (RFC 9449) for a key-bound session, or the session cookie when enabled — and writes RFC 6750 / RFC 9449
/// 401/403 answers with problem+json bodies. Fails closed: a store outage is a 503, never a pass and never a 500.
/// </summary>
internal sealed class Web3SessionKeyHandler : AuthenticationHandler<Web3SessionKeyOptions>
{
    private readonly IWeb3SessionStore _store;
    private readonly Web3SessionLifecycle _lifecycle;
    private readonly Web3AuthMetrics _metrics;
    private readonly StoreFailureLog _storeFailureLog;
    private readonly SmartWalletRevalidator _revalidator;
    private readonly DpopProofValidator _proofValidator;
    private readonly IDataProtectionProvider _dataProtection;

    /// <summary>The <see cref="AuthenticationProperties.Items"/> key of the error code of a failed authentication.</summary>
    internal const string ErrorItem = Web3AuthDefaults.AuthenticationErrorItem;

    // Why authentication failed for this request; the challenge answers accordingly.
    private string? _failure;
    private string? _failureDescription;

    // How the token came; a DPoP request (or a key-bound session's) is challenged with the DPoP scheme.
    private TokenTransport _transport;
    private bool _dpopChallenge;
    private bool _foreignToken;

    // Whether anyone listens (activity source or duration histogram), the Web3Auth.Authenticate activity, the outcome
    // it and the histogram get, and the timestamp the histogram measures from (0 when nobody records it).
    private bool _observed;
    private Activity? _activity;
    private string? _outcome;
    private long _startedAt;

    /// <summary>Creates the handler; resolved by the authentication system per request.</summary>
    public Web3SessionKeyHandler(
        IOptionsMonitor<Web3SessionKeyOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IWeb3SessionStore store,
        Web3SessionLifecycle lifecycle,
        Web3AuthMetrics metrics,
        StoreFailureLog storeFailureLog,
        SmartWalletRevalidator revalidator,
        DpopProofValidator proofValidator,
        IDataProtectionProvider dataProtection)
        : base(options, logger, encoder)
    {
        _proofValidator = proofValidator;
        _dataProtection = dataProtection;
        _store = store;
        _lifecycle = lifecycle;
        _metrics = metrics;
        _storeFailureLog = storeFailureLog;
        _revalidator = revalidator;
    }

    private new Web3SessionKeyEvents Events => (Web3SessionKeyEvents)base.Events!;

    /// <inheritdoc />
    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new Web3SessionKeyEvents());

    // When nobody listens, a request costs nothing more than it did without diagnostics: not even the observing wrapper.
    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Web3AuthTracing.Source.HasListeners() || _metrics.AuthenticationDurationEnabled ? ObservedAuthenticateAsync() : AuthenticateTokenAsync();

    private async Task<AuthenticateResult> ObservedAuthenticateAsync()
    {
        _observed = true;
        try
        {
            return await AuthenticateTokenAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (_activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }
        finally
        {
            if (_outcome is ForeignTokenOutcome)
            {
                // Not a failure: another scheme may take the token.
                _activity?.SetTag(Web3AuthTracing.OutcomeTag, _outcome);
            }
            else if (_outcome is not null)
            {
                _activity.SetOutcome(_outcome);
                if (_startedAt != 0)
                {
                    _metrics.AuthenticationDuration(_startedAt, _outcome, TransportName(_transport), Scheme.Name);
                }
            }

            _activity?.Dispose();
        }
    }

    private async Task<AuthenticateResult> AuthenticateTokenAsync()
    {
        var received = new MessageReceivedContext(Context, Scheme, Options);
        await Events.MessageReceived(received).ConfigureAwait(false);
        if (received.Result is not null)
        {
            return received.Result;
        }

        var token = received.Token;
        _transport = TokenTransport.Event;
        if (token is null)
        {
            (token, _transport) = ReadAuthorization();
            if (token is null && Options.UseSessionCookie && Request.Cookies.TryGetValue(Options.SessionCookie.Name!, out var cookie))
            {
                token = cookie;
                _transport = TokenTransport.Cookie;
            }
        }

        var fromCookie = _transport == TokenTransport.Cookie;

        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        // Requests without a token (static files, anonymous pages) get neither an activity nor a timing.
        if (_observed)
        {
            _startedAt = _metrics.AuthenticationDurationEnabled ? Stopwatch.GetTimestamp() : 0;
            _activity = Web3AuthTracing.Start(Web3AuthTracing.Authenticate, Scheme.Name);
            _activity?.SetTag(Web3AuthTracing.TransportTag, TransportName(_transport));
        }

        if (fromCookie && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) &&
            !HttpMethods.IsOptions(Request.Method) && !HttpMethods.IsTrace(Request.Method) && !IsSameOriginRequest())
        {
            Log.CsrfRejected(Logger, Request.Method);
            return await FailAsync(Web3ErrorCodes.CsrfRejected, "A cookie-authenticated request that changes state must come from this site.").ConfigureAwait(false);
        }

        _dpopChallenge = _transport == TokenTransport.Dpop;
        if (!SessionToken.TryParse(token, fromCookie, out var sessionId, out var address, out var presentedHash))
        {
            // Not a token of ours (a JWT for JwtBearer, another scheme's cookie): no result, so that the next scheme of
            // a policy can take it. If no scheme does, the challenge still calls it an invalid token.
            _foreignToken = true;
            _outcome = ForeignTokenOutcome;
            return AuthenticateResult.NoResult();
        }

        var now = TimeProvider.GetUtcNow();
        DpopProof? proof = null;
        if (_transport == TokenTransport.Dpop)
        {
            // Everything the proof says about this request, before the store is asked anything.
            var failure = ReadProof(token, now, out proof);
            if (failure is not null)
            {
                return await FailAsync(failure).ConfigureAwait(false);
            }
        }

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

        var binding = await CheckKeyBindingAsync(session, token, proof, now).ConfigureAwait(false);
        if (binding is not null)
        {
            return binding;
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
            // The application decided; a failure is what the challenge calls it.
            _outcome = validated.Result.Succeeded ? Web3AuthMetrics.Success : validated.Result.Failure is not null ? Web3ErrorCodes.InvalidToken : null;
            return validated.Result;
        }

        var properties = new AuthenticationProperties { IssuedUtc = session.CreatedAt, ExpiresUtc = session.ExpiresAt };
        properties.SetParameter(CurrentWeb3Session.PropertiesKey, session);
        Context.Features.Set<IWeb3SessionFeature>(new Web3SessionFeature(session));
        if (proof is not null && Options.Dpop.NonceLifetime is not null)
        {
            Response.Headers[DpopNonceHeader] = DpopNonce.Issue(NonceProtector(), now);
        }

        Log.SessionAuthenticated(Logger, session.Id);
        _outcome = Web3AuthMetrics.Success;
        _metrics.Authentication(Web3AuthMetrics.Success);
        return AuthenticateResult.Success(new AuthenticationTicket(validated.SessionPrincipal, properties, Scheme.Name));
    }

    // A key-bound session needs its key's proof (the cookie excepted: it never reaches script, docs/security.md); a
    // bearer session is not sent as DPoP. Null means "carry on".
    private async Task<AuthenticateResult?> CheckKeyBindingAsync(Web3Session session, string token, DpopProof? proof, DateTimeOffset now)
    {
        if (session.BoundKey is not { } key)
        {
            return proof is null
                ? null
                : await FailAsync(Web3ErrorCodes.InvalidToken, "This session is not bound to a key: send its token as Bearer.").ConfigureAwait(false);
        }

        if (_transport == TokenTransport.Cookie)
        {
            return null;
        }

        _dpopChallenge = true;
        if (proof is null)
        {
            return await FailAsync(Web3ErrorCodes.InvalidToken, "This session is bound to a key: send its token as 'Authorization: DPoP' with a DPoP proof.")
                .ConfigureAwait(false);
        }

        var failure = _proofValidator.CheckKey(proof, key);
        if (failure is null)
        {
            try
            {
                // The jti is recorded only for a proof whose signature verified: nobody else can fill the store.
                var first = await _store.TryUseOnceAsync(Scheme.Name, DpopProofValidator.ReplayKey(proof),
                    DpopProofValidator.ReplayUntil(proof, Options.Dpop, Options.ClockSkew), now, Context.RequestAborted).ConfigureAwait(false);
                failure = first ? null : new DpopProofFailure(DpopProofError.Replayed, "This DPoP proof was already used: make a new one for each request.");
            }
            catch (Web3StoreUnavailableException ex)
            {
                _storeFailureLog.Report(Logger, ex);
                return await FailAsync(Web3ErrorCodes.StoreUnavailable, "The session store is temporarily unavailable.").ConfigureAwait(false);
            }
        }

        return failure is null ? null : await FailAsync(failure).ConfigureAwait(false);
    }

    // The DPoP header (exactly one) and what its proof says about this request.
    private DpopProofFailure? ReadProof(string token, DateTimeOffset now, out DpopProof? proof)
    {
        proof = null;
        var headers = Request.Headers[DpopHeader];
        if (headers.Count == 0 || string.IsNullOrEmpty(headers[0]))
        {
            return new DpopProofFailure(DpopProofError.Missing, "A DPoP token needs a DPoP proof in the DPoP header.");
        }

        if (headers.Count > 1 || headers[0]!.Contains(','))
        {
            return new DpopProofFailure(DpopProofError.Multiple, "Send exactly one DPoP proof.");
        }

        if (!DpopProof.TryParse(headers[0]!, out proof, out var failure))
        {
            return failure;
        }

        var site = Web3Site.Resolve(Options, Request);
        var requestUri = site.Origin + Request.PathBase.ToUriComponent() + Request.Path.ToUriComponent();
        if (!DpopTargetUri.TryNormalize(requestUri, out var expectedUri))
        {
            return new DpopProofFailure(DpopProofError.UriMismatch, "This request's URI cannot be compared with the proof's htu.");
        }

        return DpopProofValidator.CheckRequest(proof, Options.Dpop, Options.ClockSkew, Request.Method, expectedUri, token, now,
            Options.Dpop.NonceLifetime is null ? null : NonceProtector());
    }

    private IDataProtector NonceProtector() => DpopNonce.CreateProtector(_dataProtection, Scheme.Name);

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

    // Authorization: Bearer <token> (RFC 6750) or DPoP <token> (RFC 9449); scheme names are case-insensitive.
    private (string? Token, TokenTransport Transport) ReadAuthorization()
    {
        string? authorization = Request.Headers.Authorization;
        if (authorization is null)
        {
            return (null, TokenTransport.Bearer);
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (authorization["Bearer ".Length..].Trim(), TokenTransport.Bearer);
        }

        return authorization.StartsWith("DPoP ", StringComparison.OrdinalIgnoreCase)
            ? (authorization["DPoP ".Length..].Trim(), TokenTransport.Dpop)
            : (null, TokenTransport.Bearer);
    }

    // A page a person opened (a navigation asks for HTML; fetch() and API clients ask for JSON), other than the
    // sign-in page itself (no redirect loop).
    private bool IsPageRequest() =>
        (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method)) &&
        Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) &&
        !Request.Path.Equals(Options.SignInPagePath!.Value, StringComparison.OrdinalIgnoreCase);

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

    // A refused proof is logged with the check that failed.
    private Task<AuthenticateResult> FailAsync(DpopProofFailure failure)
    {
        Log.DpopProofRejected(Logger, failure.Error);
        return FailAsync(failure.Code, failure.Description, logged: true);
    }

    private async Task<AuthenticateResult> FailAsync(string error, string description, bool logged = false)
    {
        _failure = error;
        _failureDescription = description;
        _outcome = error;
        _metrics.Authentication(error);
        if (!logged && error is not Web3ErrorCodes.StoreUnavailable and not Web3ErrorCodes.ChainUnavailable)
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
            Error = eventFailed || _foreignToken ? Web3ErrorCodes.InvalidToken : _failure,
            ErrorDescription = eventFailed ? "The session token was refused." : _foreignToken ? "The token is not a session token of this site." : _failureDescription,
        };
        await Events.Challenge(challenge).ConfigureAwait(false);
        if (challenge.Handled)
        {
            return;
        }

        if (Options.SignInPagePath is { HasValue: true } signInPage && challenge.Error is not (Web3ErrorCodes.StoreUnavailable or Web3ErrorCodes.ChainUnavailable or Web3ErrorCodes.CsrfRejected) &&
            IsPageRequest())
        {
            var returnUrl = UriHelper.BuildRelative(Request.PathBase, Request.Path, Request.QueryString);
            Response.Redirect($"{Request.PathBase}{signInPage}?returnUrl={Uri.EscapeDataString(returnUrl)}{(challenge.Error is null ? "" : "&ended=expired")}");
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

        if (challenge.Error is null)
        {
            // RFC 6750 §3 and RFC 9449 §7.1: no error attributes when the request carried no token; both schemes offered.
            Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
            Response.Headers.Append(HeaderNames.WWWAuthenticate, $"DPoP algs=\"{Algorithms}\"");
        }
        else
        {
            var attributes = $"error=\"{QuotedStringSafe(challenge.Error)}\", error_description=\"{QuotedStringSafe(challenge.ErrorDescription)}\"";
            Response.Headers.Append(HeaderNames.WWWAuthenticate, _dpopChallenge || challenge.Error is Web3ErrorCodes.InvalidDpopProof or Web3ErrorCodes.UseDpopNonce
                ? $"DPoP {attributes}, algs=\"{Algorithms}\""
                : "Bearer " + attributes);
            if (challenge.Error == Web3ErrorCodes.UseDpopNonce)
            {
                Response.Headers[DpopNonceHeader] = DpopNonce.Issue(NonceProtector(), TimeProvider.GetUtcNow());
            }
        }

        await Web3ProblemResult.Unauthorized(
                challenge.Error ?? Web3ErrorCodes.InvalidToken,
                challenge.ErrorDescription ?? "This endpoint needs a session token: sign in with your wallet.")
            .WriteAsync(Response).ConfigureAwait(false);
    }

    private const string DpopHeader = "DPoP";
    private const string DpopNonceHeader = "DPoP-Nonce";

    private string Algorithms => string.Join(' ', Options.Dpop.Algorithms.Order(StringComparer.Ordinal));

    private enum TokenTransport
    {
        Bearer,
        Dpop,
        Cookie,
        Event,
    }

    // The web3auth.transport tag and the histogram's transport: how the token came (Event: from MessageReceived).
    private static string TransportName(TokenTransport transport) => transport switch
    {
        TokenTransport.Bearer => "bearer",
        TokenTransport.Dpop => "dpop",
        TokenTransport.Cookie => "cookie",
        _ => "event",
    };

    // The outcome tag of a token that is not this scheme's (a JWT for JwtBearer, another scheme's cookie): not an error.
    private const string ForeignTokenOutcome = "foreign_token";

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
            Response.Headers.Append(HeaderNames.WWWAuthenticate, _transport == TokenTransport.Dpop
                ? $"DPoP error=\"insufficient_scope\", scope=\"{scope}\", algs=\"{Algorithms}\""
                : $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
            await Web3ProblemResult.Forbidden(Web3ErrorCodes.InsufficientScope, $"This session lacks the permission: {scope}. Sign in again and grant it.")
                .WriteAsync(Response).ConfigureAwait(false);
            return;
        }

        await Web3ProblemResult.Forbidden(Web3ErrorCodes.Forbidden, "This session may not access this resource.").WriteAsync(Response).ConfigureAwait(false);
    }
}
