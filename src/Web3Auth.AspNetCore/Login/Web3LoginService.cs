using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The sign-in flow: issues challenges (server-built EIP-4361 messages with a ReCap of the permissions) and turns
/// a signed challenge into a session. Every failure is a typed problem, never an exception.
/// </summary>
internal sealed class Web3LoginService(
    IWeb3SessionStore store,
    IWeb3SignatureVerifier signatureVerifier,
    IOptionsMonitor<Web3SessionKeyOptions> optionsMonitor,
    IAuthenticationSchemeProvider schemes,
    Web3AuthMetrics metrics,
    ILogger<Web3LoginService> logger)
{
    private const int MaxClientHintLength = 120;

    private int _warnedAboutHostDomain;

    public async Task<LoginOutcome<Web3ChallengeResponse>> IssueChallengeAsync(HttpContext context, string scheme, Web3ChallengeRequest request)
    {
        var options = optionsMonitor.Get(scheme);
        var time = options.TimeProvider ?? TimeProvider.System;
        var site = ResolveSite(options, context.Request, scheme);

        Web3Session? renewing = null;
        if (request.Renew == true)
        {
            var current = await context.AuthenticateAsync(scheme).ConfigureAwait(false);
            string? error = null;
            current.Properties?.Items.TryGetValue(Web3SessionKeyHandler.ErrorItem, out error);
            if (error == Web3ErrorCodes.StoreUnavailable)
            {
                throw new Web3StoreUnavailableException("The session store is unavailable.");
            }

            if (error == Web3ErrorCodes.ChainUnavailable)
            {
                return Web3ProblemResult.ChainUnavailable("The chain could not be reached to re-check your smart-contract wallet. Retry later.", options.StoreRetryAfter);
            }

            var sessionId = current.Principal?.GetWeb3SessionId();
            renewing = sessionId is null ? null : await store.FindSessionAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
            if (renewing is null)
            {
                return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidToken, "Renewal needs the current session's token.");
            }
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

        var now = time.GetUtcNow();
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

        var sessionExpiresAt = TruncateToMilliseconds(now + lifetime);
        var grants = new List<Web3SessionPermission>();
        foreach (var name in requested.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (name is null || !options.Permissions.TryGet(name, out var permission))
            {
                return Web3ProblemResult.BadRequest(Web3ErrorCodes.UnknownPermission, $"Unknown permission \"{name}\". Ask only for permissions this site offers.");
            }

            var expiresAt = permission.MaxLifetime is { } max && now + max < sessionExpiresAt ? TruncateToMilliseconds(now + max) : sessionExpiresAt;
            grants.Add(new Web3SessionPermission(permission.Name, expiresAt));
        }

        var builder = new SiweMessageBuilder
        {
            Domain = site.Domain,
            Address = address.ToString(),
            Statement = string.IsNullOrEmpty(options.Statement) ? null : options.Statement,
            Uri = site.Uri,
            ChainId = chainId,
            Nonce = SiweNonce.Generate(),
            IssuedAt = SiweTimestamp.FromDateTimeOffset(now).Text,
            ExpirationTime = SiweTimestamp.FromDateTimeOffset(sessionExpiresAt).Text,
        };
        if (grants.Count > 0)
        {
            // EIP-5573: the ReCap resource goes last, and the statement spells out what it grants.
            var recap = ReCap.ForAbilities(site.Uri, grants.Select(g => g.Name));
            builder.Statement = ReCapStatement.Combine(builder.Statement, recap);
            builder.Resources = [recap.ToResourceUri()];
        }

        if (!builder.TryBuild(out var message, out var buildError))
        {
            // Only reachable with a domain derived from a malformed Host header (Development).
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "Cannot build a sign-in message: " + buildError.Description);
        }

        var challenge = new Web3Challenge
        {
            Nonce = message.Nonce,
            Message = message.ToString(),
            Address = address,
            ChainId = chainId,
            Permissions = grants,
            SessionExpiresAt = sessionExpiresAt,
            ExpiresAt = now + options.ChallengeLifetime,
            RenewSessionId = renewing?.Id,
        };
        await store.SaveChallengeAsync(challenge, context.RequestAborted).ConfigureAwait(false);

        metrics.ChallengeIssued();
        Log.ChallengeIssued(logger, address.ToString(), chainId);
        return new Web3ChallengeResponse(challenge.Message, challenge.Nonce, challenge.ExpiresAt, sessionExpiresAt, ToGrants(grants));
    }

    public async Task<LoginOutcome<Web3SessionResponse>> CreateSessionAsync(HttpContext context, string scheme, Web3SessionRequest request)
    {
        using var activity = Web3AuthMetrics.ActivitySource.StartActivity("Web3Auth.SignIn");
        var outcome = await VerifyAndCreateAsync(context, scheme, request).ConfigureAwait(false);
        var result = outcome.Problem?.Error ?? Web3AuthMetrics.Success;
        activity?.SetTag("web3auth.outcome", result);
        if (outcome.Problem is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result);
            Log.LoginRejected(logger, result);
        }

        metrics.Login(result);
        return outcome;
    }

    private async Task<LoginOutcome<Web3SessionResponse>> VerifyAndCreateAsync(HttpContext context, string scheme, Web3SessionRequest request)
    {
        if (string.IsNullOrEmpty(request.Message) || string.IsNullOrEmpty(request.Signature))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body needs \"message\" and \"signature\" strings.");
        }

        var options = optionsMonitor.Get(scheme);
        var time = options.TimeProvider ?? TimeProvider.System;
        var site = ResolveSite(options, context.Request, scheme);

        if (!SiweMessage.TryParse(request.Message, out var message, out var parseError))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.MalformedMessage, "The message is not a valid EIP-4361 message: " + parseError);
        }

        // What the message claims first (domain, URI, chain, time): no I/O.
        var parameters = new SiweValidationParameters
        {
            ExpectedDomain = site.Domain,
            ExpectedScheme = new Uri(site.Uri).Scheme,
            ExpectedUriOrigin = site.Origin,
            AllowedChainIds = options.AllowedChainIds.ToHashSet(),
            ClockSkew = options.ClockSkew,
        };
        var claims = SiweMessageValidator.ValidateClaims(message, parameters, time);
        if (!claims.IsValid)
        {
            return Web3ProblemResult.Unauthorized(SiweErrorMapping.ToHttpError(claims.ErrorCode.Value), claims.ErrorDescription);
        }

        // Then a message we issued and still wait for, exactly as issued — before the signature, because checking a
        // smart-contract wallet's signature costs a chain call: nobody can make us call a chain for a made-up message.
        // Nothing here consumes the nonce, so a forged submission cannot burn a real user's challenge.
        var challenge = await store.FindChallengeAsync(message.Nonce, context.RequestAborted).ConfigureAwait(false);
        if (challenge is null)
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidNonce, "The nonce is unknown, expired or already used. Ask for a new challenge.");
        }

        // The signed text must be byte for byte what we issued: no widened permissions, longer expiry or other chain.
        if (!string.Equals(challenge.Message, request.Message, StringComparison.Ordinal) || challenge.Address != message.Address)
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.MessageMismatch, "The message differs from the one issued for this nonce. Sign the challenge exactly as given.");
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

        Web3Session? renewing = null;
        if (challenge.RenewSessionId is not null)
        {
            renewing = await store.FindSessionAsync(challenge.RenewSessionId, context.RequestAborted).ConfigureAwait(false);
            if (renewing is null)
            {
                return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidToken, "The session being renewed has ended. Sign in again.");
            }
        }

        var creating = new SessionCreatingContext(context, await GetSchemeAsync(scheme).ConfigureAwait(false), options, message.Address, message.ChainId,
            challenge.Permissions.Select(p => p.Name).ToArray())
        {
            IsRenewal = renewing is not null,
        };
        var events = options.EventsType is { } eventsType ? (Web3SessionKeyEvents)context.RequestServices.GetRequiredService(eventsType) : options.Events;
        await events.SessionCreating(creating).ConfigureAwait(false);
        if (creating.IsRefused)
        {
            Log.LoginRefused(logger, message.Address.ToString());
            return Web3ProblemResult.Forbidden(Web3ErrorCodes.LoginRefused, creating.RefusalReason ?? "This site refused the sign-in.");
        }

        if (!await store.TryConsumeChallengeAsync(challenge.Nonce, context.RequestAborted).ConfigureAwait(false))
        {
            return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidNonce, "The nonce was already used. Ask for a new challenge.");
        }

        var now = time.GetUtcNow();
        var granted = challenge.Permissions.Where(p => creating.GrantedPermissions.Contains(p.Name)).ToArray();
        var sessionId = renewing?.Id ?? SessionToken.NewSessionId();
        var token = SessionToken.Mint(sessionId, out var tokenHash);
        var session = new Web3Session
        {
            Id = sessionId,
            Address = message.Address,
            ChainId = message.ChainId,
            TokenHash = tokenHash,
            CreatedAt = renewing?.CreatedAt ?? now,
            ExpiresAt = challenge.SessionExpiresAt,
            Permissions = granted,
            ClientHint = ClientHint(context.Request),
            VerificationMethod = signature.Method!,
            SignatureProof = KeepsProof(signature, options)
                ? new Web3SignatureProof { MessageHash = signature.MessageHash, Signature = signature.Signature, VerifiedAt = now }
                : null,
        };

        if (renewing is null)
        {
            await store.CreateSessionAsync(session, context.RequestAborted).ConfigureAwait(false);
            Log.SessionCreated(logger, session.Id, session.Address.ToString());
        }
        else
        {
            if (!await store.ReplaceSessionAsync(session, context.RequestAborted).ConfigureAwait(false))
            {
                return Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidToken, "The session being renewed has ended. Sign in again.");
            }

            Log.SessionRenewed(logger, session.Id);
        }

        if (options.UseSessionCookie)
        {
            context.Response.Cookies.Append(options.SessionCookie.Name!, token, options.SessionCookie.Build(context, session.ExpiresAt));
        }

        return ToResponse(session, now, token);
    }

    // Only what revalidation needs, only when it is on: an EOA signature cannot stop being valid.
    private static bool KeepsProof(SignatureVerification signature, Web3SessionKeyOptions options) =>
        options.SmartWalletRevalidationInterval is not null && signature.Method != Web3VerificationMethods.Eoa;

    public static Web3SessionResponse ToResponse(Web3Session session, DateTimeOffset now, string? token = null) => new(
        token,
        token is null ? null : "Bearer",
        session.Id,
        session.Address.ToString(),
        session.ChainId,
        ToGrants(session.LivePermissions(now)),
        session.ExpiresAt);

    public static IReadOnlyList<Web3PermissionGrant> ToGrants(IEnumerable<Web3SessionPermission> permissions) =>
        permissions.Select(p => new Web3PermissionGrant(p.Name, p.ExpiresAt)).ToArray();

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

    // Messages carry millisecond timestamps; keep the stored expiries equal to what the wallet signed.
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
