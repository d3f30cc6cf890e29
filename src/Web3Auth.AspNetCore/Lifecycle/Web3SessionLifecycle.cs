using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The one place that owns a session's life: issue a sign-in message, sign in, renew, revoke a permission, revoke a
/// session, revoke all, list. Every change of a stored session is a compare-and-swap
/// (<see cref="IWeb3SessionStore.TryReplaceSessionAsync"/>) retried over the latest record, so concurrent changes
/// compose: a revocation is never undone by a change made from an older record. Every client mistake is a
/// <see cref="Web3Outcome{T}"/> problem, never an exception; a store outage is <see cref="Web3StoreUnavailableException"/>.
/// </summary>
internal sealed class Web3SessionLifecycle(
    IWeb3SessionStore store,
    IWeb3SignatureVerifier signatureVerifier,
    IOptionsMonitor<Web3SessionKeyOptions> optionsMonitor,
    IAuthenticationSchemeProvider schemes,
    IDataProtectionProvider dataProtection,
    Web3AuthMetrics metrics,
    ILogger<Web3SessionLifecycle> logger)
{
    private const int MaxClientHintLength = 120;

    // A change retried this often without winning its compare-and-swap gives up with 503: only a storm of writes
    // to one session gets there, and the client can retry.
    private const int MaxAttempts = 32;

    private int _warnedAboutHostDomain;

    /// <summary>POST {prefix}/challenge: the message for the wallet to sign.</summary>
    public async Task<Web3Outcome<SignInMessageResponse>> IssueSignInMessageAsync(HttpContext context, string scheme, SignInMessageRequest request)
    {
        var options = optionsMonitor.Get(scheme);
        var now = Now(options);
        var site = ResolveSite(options, context.Request, scheme);

        Web3Session? renewing = null;
        if (request.Renew == true)
        {
            var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
            if (current.Problem is not null)
            {
                return current.Problem;
            }

            renewing = current.Value;
        }

        EthereumAddress address;
        if (request.Address is null && renewing is not null)
        {
            address = renewing.Address;
        }
        else if (!EthereumAddress.TryParse(request.Address, out address) || address.IsZero)
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "\"address\" must be 0x followed by 40 hex digits (EIP-55 checksum if mixed case).");
        }

        var chainId = request.ChainId ?? renewing?.ChainId ?? options.AllowedChainIds.Min();
        if (!options.AllowedChainIds.Contains(chainId))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.ChainNotAllowed, $"Chain {chainId} is not accepted here. Switch your wallet to one of: {string.Join(", ", options.AllowedChainIds.Order())}.");
        }

        if (renewing is not null && (renewing.Address != address || renewing.ChainId != chainId))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "A renewal must be signed by the same address on the same chain as the session.");
        }

        var lifetime = options.DefaultSessionLifetime;
        if (request.Lifetime is { } seconds)
        {
            if (seconds <= 0)
            {
                return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "\"lifetime\" must be a positive number of seconds.");
            }

            lifetime = seconds >= (long)options.MaxSessionLifetime.TotalSeconds ? options.MaxSessionLifetime : TimeSpan.FromSeconds(seconds);
        }

        var requested = request.Permissions
            ?? (renewing is not null
                ? renewing.LivePermissions(now).Select(p => p.Name).ToArray()
                : options.Permissions.Where(p => p.GrantedByDefault).Select(p => p.Name).ToArray());
        var permissions = new List<Web3Permission>();
        foreach (var name in requested)
        {
            if (name is null || !options.Permissions.TryGet(name, out var permission))
            {
                return Web3ProblemResult.BadRequest(Web3ErrorCodes.UnknownPermission, $"Unknown permission \"{name}\". Ask only for permissions this site offers.");
            }

            permissions.Add(permission);
        }

        // The key the session will be delegated to: the one sent, or for a renewal the session's own.
        SessionPublicKey? sessionKey = null;
        if (request.SessionKey is { ValueKind: not JsonValueKind.Null } jwk)
        {
            if (!SessionPublicKey.TryFromJwk(jwk, out sessionKey, out var reason))
            {
                return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "\"sessionKey\" is refused: " + reason);
            }

            if (!options.Dpop.Algorithms.Contains(sessionKey.Algorithm))
            {
                return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest,
                    $"\"sessionKey\" is refused: this site does not accept {sessionKey.Algorithm} keys. Use one of: {string.Join(", ", options.Dpop.Algorithms.Order(StringComparer.Ordinal))}.");
            }
        }

        var boundKey = sessionKey?.ToBoundKey() ?? renewing?.BoundKey;
        if (boundKey is null && KeyRequirement(options, permissions.Select(p => p.Name)) is { } problem)
        {
            return problem;
        }

        var issuedAt = SignInMessageFactory.TruncateToMilliseconds(now);
        var sessionExpiresAt = SignInMessageFactory.TruncateToMilliseconds(now + lifetime);
        var grants = SignInMessageFactory.Grants(options, permissions, issuedAt, sessionExpiresAt);
        var outcome = SignInMessageFactory.Build(options, site, Protector(scheme), address, chainId, grants, now, sessionExpiresAt, renewing, boundKey);
        if (outcome.Value is not null)
        {
            metrics.SignInMessageIssued();
            Log.SignInMessageIssued(logger, address.ToString(), chainId);
        }

        return outcome;
    }

    /// <summary>POST {prefix}/session: a signed message becomes a new session, or renews the one it names.</summary>
    public async Task<Web3Outcome<Web3SessionResponse>> SignInAsync(HttpContext context, string scheme, SignInRequest request)
    {
        using var activity = Web3AuthTracing.Start(Web3AuthTracing.SignIn, scheme);
        Web3Outcome<Web3SessionResponse> outcome;
        try
        {
            outcome = await VerifyAndSignInAsync(context, scheme, request).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }

        var result = outcome.Problem?.Error ?? Web3AuthMetrics.Success;
        activity.SetOutcome(result);
        if (outcome.Problem is not null)
        {
            Log.LoginRejected(logger, result);
        }

        metrics.Login(result);
        return outcome;
    }

    private async Task<Web3Outcome<Web3SessionResponse>> VerifyAndSignInAsync(HttpContext context, string scheme, SignInRequest request)
    {
        if (string.IsNullOrEmpty(request.Message) || string.IsNullOrEmpty(request.Signature))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body needs \"message\" and \"signature\" strings.");
        }

        var options = optionsMonitor.Get(scheme);
        var site = ResolveSite(options, context.Request, scheme);
        if (!Uri.TryCreate(site.Uri, UriKind.Absolute, out var siteUri))
        {
            // Only reachable with a site derived from a malformed Host header (Development), e.g. a port over 65535.
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The request's Host header does not make a valid site URI.");
        }

        if (!SiweMessage.TryParse(request.Message, out var message, out var parseError))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.MalformedMessage, "The message is not a valid EIP-4361 message: " + parseError);
        }

        // EIP-5573: a message delegating to a session key names the key as its URI (the delegee), as a did:key.
        SessionPublicKey? delegee = null;
        if (message.Uri.StartsWith(DidKeyPrefix, StringComparison.Ordinal) && !SessionPublicKey.TryFromDidKey(message.Uri, out delegee))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.UriMismatch, "The message's URI is not the did:key of a P-256 or secp256k1 session key.");
        }

        // What the message claims first (domain, URI, chain, time): no I/O.
        var claims = SiweMessageValidator.ValidateClaims(message, new SiweValidationParameters
        {
            ExpectedDomain = site.Domain,
            ExpectedScheme = siteUri.Scheme,
            ExpectedUriOrigin = delegee is null ? site.Origin : null,
            ExpectedUri = delegee?.DidKey,
            AllowedChainIds = options.AllowedChainIds.ToHashSet(),
            ClockSkew = options.ClockSkew,
        }, options.TimeProvider!);
        if (!claims.IsValid)
        {
            return Web3ProblemResult.Unauthorized(SiweErrorMapping.ToHttpError(claims.ErrorCode.Value), claims.ErrorDescription);
        }

        // Then a message this scheme issued, unexpired, exactly as issued — all checked without I/O from the ticket
        // it carries, before the signature: checking a smart-contract wallet's signature costs a chain call, and
        // nobody can make us call a chain for a message we did not issue.
        var now = Now(options);
        if (!SignInTicket.TryUnprotect(Protector(scheme), message.RequestId, out var ticket) || ticket.ExpiresAt <= now || !ticket.BindsNonce(message))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidNonce, "This sign-in message was not issued here, or it expired. Ask for a new one.");
        }

        if (!string.Equals(message.ToString(), request.Message, StringComparison.Ordinal) || !ticket.Binds(message))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.MessageMismatch, "The message differs from the one issued. Sign the message exactly as given.");
        }

        // EOA by ecrecover; smart-contract wallets (EIP-1271, EIP-6492) on the message's chain.
        var signature = await signatureVerifier.VerifyAsync(message, request.Signature, options, context.RequestAborted).ConfigureAwait(false);
        switch (signature.Outcome)
        {
            case SignatureOutcome.Invalid:
                return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidSignature, signature.Description);
            case SignatureOutcome.Unverifiable:
                return Web3ProblemResult.Unauthorized(Web3ErrorCodes.SmartWalletUnverifiable, signature.Description);
            case SignatureOutcome.ChainUnavailable:
                return Web3ProblemResult.ChainUnavailable(signature.Description, options.StoreRetryAfter);
        }

        var owner = new Web3SessionOwner(scheme, message.Address);
        Web3Session? renewing = null;
        if (ticket.RenewSessionId is not null)
        {
            renewing = await store.FindSessionAsync(owner, ticket.RenewSessionId, now, context.RequestAborted).ConfigureAwait(false);
            if (renewing is null)
            {
                return SessionEnded("The session being renewed has ended. Sign in again.");
            }
        }

        var signed = SignedGrants(options, message, site);
        if (delegee is null && KeyRequirement(options, signed.Select(p => p.Name)) is { } keyProblem)
        {
            return keyProblem;
        }

        if (delegee is not null && !options.Dpop.Algorithms.Contains(delegee.Algorithm))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, $"This site no longer accepts {delegee.Algorithm} session keys. Ask for a new sign-in message.");
        }

        var creating = new SessionCreatingContext(context, await GetSchemeAsync(scheme).ConfigureAwait(false), options, message.Address, message.ChainId,
            signed.Select(p => p.Name).ToArray())
        {
            IsRenewal = renewing is not null,
        };
        await Events(context, options).SessionCreating(creating).ConfigureAwait(false);
        if (creating.IsRefused)
        {
            Log.LoginRefused(logger, message.Address.ToString());
            return Web3ProblemResult.Forbidden(Web3ErrorCodes.LoginRefused, creating.RefusalReason ?? "This site refused the sign-in.");
        }

        // Single use, recorded only now: a message is worth a record only once it was signed and accepted.
        if (!await store.TryUseOnceAsync(scheme, "nonce:" + message.Nonce, ticket.ExpiresAt, now, context.RequestAborted).ConfigureAwait(false))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidNonce, "This sign-in message was already used. Ask for a new one.");
        }

        var granted = signed.Where(p => creating.GrantedPermissions.Contains(p.Name)).ToArray();
        var proof = KeepsProof(signature, options)
            ? new Web3SignatureProof { MessageHash = signature.MessageHash, Signature = signature.Signature, VerifiedAt = now }
            : null;
        var boundKey = delegee?.ToBoundKey();
        var token = renewing is null
            ? await CreateAsync(context, options, owner, site, message, granted, signature.Method!, proof, boundKey, now).ConfigureAwait(false)
            : await RenewAsync(context, renewing, ticket, message, granted, signature.Method!, proof, boundKey, now).ConfigureAwait(false);
        if (token.Problem is not null)
        {
            return token.Problem;
        }

        var (session, secret, cookie) = token.Value!;
        if (options.UseSessionCookie)
        {
            context.Response.Cookies.Append(options.SessionCookie.Name!, cookie, options.SessionCookie.Build(context, session.ExpiresAt));
        }

        return ToResponse(session, now, secret);
    }

    private async Task<Web3Outcome<MintedSession>> CreateAsync(
        HttpContext context, Web3SessionKeyOptions options, Web3SessionOwner owner, Web3Site site, SiweMessage message,
        Web3SessionPermission[] granted, string method, Web3SignatureProof? proof, Web3BoundKey? boundKey, DateTimeOffset now)
    {
        var sessionId = SessionToken.NewSessionId(owner.Address);
        var token = SessionToken.Mint(sessionId, out var tokenHash, out var cookie);
        var session = new Web3Session
        {
            Id = sessionId,
            Scheme = owner.Scheme,
            Domain = site.Domain,
            Address = owner.Address,
            ChainId = message.ChainId,
            Version = 1,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = message.ExpirationTime!.Value.Value,
            Permissions = granted,
            ClientHint = ClientHint(context.Request),
            VerificationMethod = method,
            SignatureProof = proof,
            BoundKey = boundKey,
        };
        var evicted = await store.CreateSessionAsync(session, options.MaxSessionsPerAddress, now, context.RequestAborted).ConfigureAwait(false);
        if (evicted > 0)
        {
            metrics.Revocation("evicted", evicted);
            Log.SessionsEvicted(logger, evicted, owner.Address.ToString());
        }

        Log.SessionCreated(logger, session.Id, session.Address.ToString());
        return new MintedSession(session, token, cookie);
    }

    // A renewal rotates the token and takes the signed expiry and permissions — except that a permission revoked after
    // the renewal message was issued (the session's version moved on) stays revoked: what the wallet signed earlier
    // cannot undo what the user did later. A key-bound session stays bound: to the key the renewal names, or its own.
    private async Task<Web3Outcome<MintedSession>> RenewAsync(
        HttpContext context, Web3Session current, SignInTicket ticket, SiweMessage message,
        Web3SessionPermission[] granted, string method, Web3SignatureProof? proof, Web3BoundKey? boundKey, DateTimeOffset now)
    {
        using var activity = Web3AuthTracing.Start(Web3AuthTracing.Renew, current.Scheme);
        var token = SessionToken.Mint(current.Id, out var tokenHash, out var cookie);
        Web3Session Renewed(Web3Session latest) => latest with
        {
            TokenHash = tokenHash,
            ExpiresAt = message.ExpirationTime!.Value.Value,
            Permissions = latest.Version == ticket.RenewVersion
                ? granted
                : granted.Where(g => latest.LivePermissions(now).Any(p => p.Name == g.Name)).ToArray(),
            ClientHint = ClientHint(context.Request),
            VerificationMethod = method,
            SignatureProof = proof,
            BoundKey = boundKey ?? latest.BoundKey,
        };

        Web3Session? renewed;
        try
        {
            renewed = await ChangeAsync(current, "renewal", now, Renewed, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }

        if (renewed is null)
        {
            activity.SetOutcome(Web3ErrorCodes.InvalidToken);
            return SessionEnded("The session being renewed has ended. Sign in again.");
        }

        activity.SetOutcome(Web3AuthMetrics.Success);
        Log.SessionRenewed(logger, renewed.Id);
        return new MintedSession(renewed, token, cookie);
    }

    /// <summary>DELETE {prefix}/session/permissions/{name}: the current session loses one permission.</summary>
    public async Task<Web3Outcome<Web3Session>> RevokePermissionAsync(HttpContext context, Web3Session current, string name)
    {
        using var activity = Web3AuthTracing.Start(Web3AuthTracing.RevokePermission, current.Scheme);
        var changed = false;
        Web3Session? Revoked(Web3Session latest)
        {
            var remaining = latest.Permissions.Where(p => !string.Equals(p.Name, name, StringComparison.Ordinal)).ToArray();
            changed = remaining.Length != latest.Permissions.Count;
            return changed ? latest with { Permissions = remaining } : null;
        }

        Web3Session? result;
        try
        {
            result = await ChangeAsync(current, "permission revocation", Now(optionsMonitor.Get(current.Scheme)), Revoked, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }

        if (result is null)
        {
            activity.SetOutcome(Web3ErrorCodes.InvalidToken);
            return SessionEnded();
        }

        activity.SetOutcome(Web3AuthMetrics.Success);

        if (changed)
        {
            metrics.Revocation("permission");
            Log.PermissionRevoked(logger, name, current.Id);
        }

        return result;
    }

    /// <summary>
    /// DELETE {prefix}/session and DELETE {prefix}/sessions/{id}: ends one session of the current session's owner.
    /// An id of another owner's session answers exactly like a missing one: ids reveal nothing.
    /// </summary>
    public async Task<Web3Outcome<Web3Session>> RevokeSessionAsync(HttpContext context, Web3Session current, string sessionId)
    {
        using var activity = Web3AuthTracing.Start(Web3AuthTracing.RevokeSession, current.Scheme);
        var now = Now(optionsMonitor.Get(current.Scheme));
        bool removed;
        try
        {
            removed = SessionToken.TryReadSessionId(sessionId, out var address) && address == current.Address &&
                await store.RemoveSessionAsync(current.Owner, sessionId, now, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }

        if (!removed)
        {
            activity.SetOutcome(Web3ErrorCodes.SessionNotFound);
            return Web3ProblemResult.NotFound(Web3ErrorCodes.SessionNotFound, "No session of yours has this id.");
        }

        activity.SetOutcome(Web3AuthMetrics.Success);
        metrics.Revocation("session");
        Log.SessionRevoked(logger, sessionId);
        return current;
    }

    /// <summary>Ends a session for a reason of the server's (the smart-contract wallet stopped accepting its signature).</summary>
    public async Task EndSessionAsync(Web3Session session, string kind, CancellationToken cancellationToken)
    {
        if (await store.RemoveSessionAsync(session.Owner, session.Id, Now(optionsMonitor.Get(session.Scheme)), cancellationToken).ConfigureAwait(false))
        {
            metrics.Revocation(kind);
        }
    }

    /// <summary>DELETE {prefix}/sessions: ends every session of the current session's owner ("sign out everywhere").</summary>
    public async Task<int> RevokeAllAsync(HttpContext context, Web3Session current)
    {
        using var activity = Web3AuthTracing.Start(Web3AuthTracing.RevokeAll, current.Scheme);
        int count;
        try
        {
            count = await store.RemoveAllSessionsAsync(current.Owner, Now(optionsMonitor.Get(current.Scheme)), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity.Failed(ex))
        {
            throw; // never reached: the filter records the failure and declines
        }

        activity?.SetTag(Web3AuthTracing.RevokedCountTag, count);
        activity.SetOutcome(Web3AuthMetrics.Success);
        metrics.Revocation("all", count);
        Log.AllSessionsRevoked(logger, count, current.Address.ToString());
        return count;
    }

    /// <summary>GET {prefix}/sessions: the owner's live sessions, newest first.</summary>
    public async Task<IReadOnlyList<Web3Session>> ListAsync(HttpContext context, Web3Session current)
    {
        var sessions = await store.ListSessionsAsync(current.Owner, Now(optionsMonitor.Get(current.Scheme)), context.RequestAborted).ConfigureAwait(false);
        return sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    // The one way a stored session changes: apply the change to the latest record and write it over that record's
    // version; after a lost compare-and-swap, re-read and apply the change again. The change returns null when there
    // is nothing to write. Returns the session as it now is, or null when it is gone.
    private async Task<Web3Session?> ChangeAsync(
        Web3Session current, string operation, DateTimeOffset now, Func<Web3Session, Web3Session?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (change(current) is not { } changed)
            {
                return current;
            }

            changed = changed with { Version = current.Version + 1 };
            if (await store.TryReplaceSessionAsync(changed, now, cancellationToken).ConfigureAwait(false))
            {
                return changed;
            }

            if (attempt >= MaxAttempts)
            {
                Log.SessionContended(logger, current.Id, operation, attempt);
                throw new Web3StoreUnavailableException($"Session {current.Id} kept changing during {operation}.");
            }

            if (await store.FindSessionAsync(current.Owner, current.Id, now, cancellationToken).ConfigureAwait(false) is not { } latest)
            {
                return null;
            }

            current = latest;
        }
    }

    // The permissions the message's ReCap grants this site, with the expiries the message implies; a permission the
    // site no longer offers is not granted.
    private static List<Web3SessionPermission> SignedGrants(Web3SessionKeyOptions options, SiweMessage message, Web3Site site)
    {
        var offered = new List<Web3Permission>();
        if (ReCap.TryFromResources(message.Resources, out var recap, out _))
        {
            foreach (var name in recap.GetAbilities(site.Uri))
            {
                if (options.Permissions.TryGet(name, out var permission))
                {
                    offered.Add(permission);
                }
            }
        }

        return SignInMessageFactory.Grants(options, offered, message.IssuedAt.Value, message.ExpirationTime!.Value.Value);
    }

    // Only what revalidation needs, only when it is on: an EOA signature cannot stop being valid.
    private static bool KeepsProof(SignatureVerification signature, Web3SessionKeyOptions options) =>
        options.SmartWalletRevalidationInterval is not null && signature.Method != Web3VerificationMethods.Eoa;

    public static Web3SessionResponse ToResponse(Web3Session session, DateTimeOffset now, string? token = null) => new(
        session.Id,
        session.Address.ToString(),
        session.ChainId,
        ToGrants(session.LivePermissions(now)),
        session.ExpiresAt)
    {
        Token = token,
        TokenType = token is null ? null : session.BoundKey is null ? "Bearer" : "DPoP",
        SessionKey = session.BoundKey?.DidKey,
    };

    public static IReadOnlyList<Web3PermissionGrant> ToGrants(IEnumerable<Web3SessionPermission> permissions) =>
        permissions.Select(p => new Web3PermissionGrant(p.Name, p.ExpiresAt)).ToArray();

    public static Web3ProblemResult SessionEnded(string detail = "The session has ended.") =>
        Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidToken, detail);

    private static DateTimeOffset Now(Web3SessionKeyOptions options) => options.TimeProvider!.GetUtcNow();

    private IDataProtector Protector(string scheme) => SignInTicket.CreateProtector(dataProtection, scheme);

    private static Web3SessionKeyEvents Events(HttpContext context, Web3SessionKeyOptions options) =>
        options.EventsType is { } eventsType ? (Web3SessionKeyEvents)context.RequestServices.GetRequiredService(eventsType) : options.Events;

    private Web3Site ResolveSite(Web3SessionKeyOptions options, HttpRequest request, string scheme)
    {
        var site = Web3Site.Resolve(options, request);
        if (site.FromRequest && Interlocked.Exchange(ref _warnedAboutHostDomain, 1) == 0)
        {
            Log.DomainFromHostHeader(logger, scheme, site.Domain);
        }

        return site;
    }

    private async Task<AuthenticationScheme> GetSchemeAsync(string name) =>
        await schemes.GetSchemeAsync(name).ConfigureAwait(false) ?? throw new InvalidOperationException($"No authentication scheme named {name} is registered.");

    private static string? ClientHint(HttpRequest request)
    {
        string? userAgent = request.Headers.UserAgent;
        return string.IsNullOrEmpty(userAgent) ? null : userAgent.Length <= MaxClientHintLength ? userAgent : userAgent[..MaxClientHintLength];
    }

    private sealed record MintedSession(Web3Session Session, string Token, string Cookie);

    private const string DidKeyPrefix = "did:key:";

    // A session without a key may not exist here (ProofOfPossession.Required) or may not hold one of these permissions.
    private static Web3ProblemResult? KeyRequirement(Web3SessionKeyOptions options, IEnumerable<string> permissions)
    {
        if (options.ProofOfPossession == Web3ProofOfPossession.Required)
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.SessionKeyRequired,
                "This site signs in only key-bound sessions: send your session's public key as \"sessionKey\" (a JWK, P-256 or secp256k1).");
        }

        var keyBound = permissions.Where(name => options.Permissions.TryGet(name, out var p) && p.RequiresKeyBoundSession).ToArray();
        return keyBound.Length == 0
            ? null
            : Web3ProblemResult.BadRequest(Web3ErrorCodes.SessionKeyRequired,
                $"The permission {string.Join(", ", keyBound)} is granted only to a key-bound session: send your session's public key as \"sessionKey\".");
    }
}
