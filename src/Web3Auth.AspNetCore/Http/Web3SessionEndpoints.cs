using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the sign-in and session endpoints (docs/http-api.md).</summary>
public static class Web3SessionEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Maps <c>POST {prefix}/challenge</c>, <c>POST|GET|DELETE {prefix}/session</c>,
    /// <c>DELETE {prefix}/session/permissions/{name}</c>, <c>GET|DELETE {prefix}/sessions</c> and
    /// <c>DELETE {prefix}/sessions/{id}</c>. Returns the route group to add filters, rate limiting or CORS.
    /// </summary>
    public static RouteGroupBuilder MapWeb3SessionKeys(this IEndpointRouteBuilder endpoints, string prefix = Web3AuthDefaults.EndpointPrefix, string authenticationScheme = Web3AuthDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new StoreUnavailableFilter(authenticationScheme));
        var signedIn = new AuthorizationPolicyBuilder(authenticationScheme).RequireAuthenticatedUser().Build();

        group.MapPost("/challenge", async Task<IResult> (HttpContext context, Web3LoginService login) =>
        {
            var (request, problem) = await ReadJsonAsync(context, Web3AuthJsonContext.Default.Web3ChallengeRequest).ConfigureAwait(false);
            if (request is null)
            {
                return problem!;
            }

            var outcome = await login.IssueChallengeAsync(context, authenticationScheme, request).ConfigureAwait(false);
            return (IResult?)outcome.Problem ?? TypedResults.Json(outcome.Value!, Web3AuthJsonContext.Default.Web3ChallengeResponse);
        }).AllowAnonymous();

        group.MapPost("/session", async Task<IResult> (HttpContext context, Web3LoginService login) =>
        {
            var (request, problem) = await ReadJsonAsync(context, Web3AuthJsonContext.Default.Web3SessionRequest).ConfigureAwait(false);
            if (request is null)
            {
                return problem!;
            }

            var outcome = await login.CreateSessionAsync(context, authenticationScheme, request).ConfigureAwait(false);
            return (IResult?)outcome.Problem ?? TypedResults.Json(outcome.Value!, Web3AuthJsonContext.Default.Web3SessionResponse);
        }).AllowAnonymous();

        group.MapGet("/session", async Task<IResult> (HttpContext context, IWeb3SessionStore store) =>
        {
            var session = await CurrentSessionAsync(context, store).ConfigureAwait(false);
            return session is null
                ? SessionEnded()
                : TypedResults.Json(Web3LoginService.ToResponse(session, Now(context, authenticationScheme)), Web3AuthJsonContext.Default.Web3SessionResponse);
        }).RequireAuthorization(signedIn);

        group.MapDelete("/session", async Task<IResult> (HttpContext context, IWeb3SessionStore store, Web3AuthMetrics metrics, ILogger<Web3LoginService> logger) =>
        {
            var sessionId = context.User.GetWeb3SessionId()!;
            if (await store.RemoveSessionAsync(sessionId, context.RequestAborted).ConfigureAwait(false))
            {
                metrics.Revocation("session");
                Log.SessionRevoked(logger, sessionId);
            }

            DeleteCookie(context, authenticationScheme);
            return Results.NoContent();
        }).RequireAuthorization(signedIn);

        group.MapDelete("/session/permissions/{**name}", async Task<IResult> (string name, HttpContext context, IWeb3SessionStore store, Web3AuthMetrics metrics, ILogger<Web3LoginService> logger) =>
        {
            var session = await CurrentSessionAsync(context, store).ConfigureAwait(false);
            if (session is null)
            {
                return SessionEnded();
            }

            var remaining = session.Permissions.Where(p => !string.Equals(p.Name, name, StringComparison.Ordinal)).ToArray();
            if (remaining.Length != session.Permissions.Count)
            {
                if (!await store.ReplaceSessionAsync(session with { Permissions = remaining }, context.RequestAborted).ConfigureAwait(false))
                {
                    return SessionEnded();
                }

                metrics.Revocation("permission");
                Log.PermissionRevoked(logger, name, session.Id);
            }

            return Results.NoContent();
        }).RequireAuthorization(signedIn);

        group.MapGet("/sessions", async Task<IResult> (HttpContext context, IWeb3SessionStore store) =>
        {
            var current = await CurrentSessionAsync(context, store).ConfigureAwait(false);
            if (current is null)
            {
                return SessionEnded();
            }

            var now = Now(context, authenticationScheme);
            var sessions = await store.ListSessionsAsync(current.Address, context.RequestAborted).ConfigureAwait(false);
            IReadOnlyList<Web3SessionSummary> summaries = sessions
                .OrderByDescending(s => s.CreatedAt)
                .Select(s => new Web3SessionSummary(s.Id, s.CreatedAt, s.ExpiresAt, Web3LoginService.ToGrants(s.LivePermissions(now)), s.ClientHint, s.Id == current.Id))
                .ToArray();
            return TypedResults.Json(summaries, Web3AuthJsonContext.Default.IReadOnlyListWeb3SessionSummary);
        }).RequireAuthorization(signedIn);

        group.MapDelete("/sessions", async Task<IResult> (HttpContext context, IWeb3SessionStore store, Web3AuthMetrics metrics, ILogger<Web3LoginService> logger) =>
        {
            var current = await CurrentSessionAsync(context, store).ConfigureAwait(false);
            if (current is null)
            {
                return SessionEnded();
            }

            var count = await store.RemoveAllSessionsAsync(current.Address, context.RequestAborted).ConfigureAwait(false);
            metrics.Revocation("all", count);
            Log.AllSessionsRevoked(logger, count, current.Address.ToString());
            DeleteCookie(context, authenticationScheme);
            return Results.NoContent();
        }).RequireAuthorization(signedIn);

        group.MapDelete("/sessions/{id}", async Task<IResult> (string id, HttpContext context, IWeb3SessionStore store, Web3AuthMetrics metrics, ILogger<Web3LoginService> logger) =>
        {
            var current = await CurrentSessionAsync(context, store).ConfigureAwait(false);
            if (current is null)
            {
                return SessionEnded();
            }

            // Another address's session answers exactly like a missing one: ids reveal nothing.
            var target = await store.FindSessionAsync(id, context.RequestAborted).ConfigureAwait(false);
            if (target is null || target.Address != current.Address || !await store.RemoveSessionAsync(id, context.RequestAborted).ConfigureAwait(false))
            {
                return Web3ProblemResult.NotFound(Web3ErrorCodes.SessionNotFound, "No session of yours has this id.");
            }

            metrics.Revocation("session");
            Log.SessionRevoked(logger, id);
            if (id == current.Id)
            {
                DeleteCookie(context, authenticationScheme);
            }

            return Results.NoContent();
        }).RequireAuthorization(signedIn);

        return group;
    }

    private static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        // Bounded read: never buffers more than the limit, 413 problem+json past it (JsonRequestBody).
        var (value, problem) = await JsonRequestBody.ReadAsync(context, typeInfo, MaxBodyBytes).ConfigureAwait(false);
        return (value, problem);
    }

    private static async Task<Web3Session?> CurrentSessionAsync(HttpContext context, IWeb3SessionStore store)
    {
        var sessionId = context.User.GetWeb3SessionId();
        return sessionId is null ? null : await store.FindSessionAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
    }

    private static Web3ProblemResult SessionEnded() =>
        Web3ProblemResult.Unauthorized(Web3ErrorCodes.InvalidToken, "The session has ended.");

    private static DateTimeOffset Now(HttpContext context, string scheme) =>
        (Options(context, scheme).TimeProvider ?? TimeProvider.System).GetUtcNow();

    private static Web3SessionKeyOptions Options(HttpContext context, string scheme) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(scheme);

    private static void DeleteCookie(HttpContext context, string scheme)
    {
        var options = Options(context, scheme);
        if (options.UseSessionCookie)
        {
            context.Response.Cookies.Delete(options.SessionCookie.Name!, options.SessionCookie.Build(context));
        }
    }

    /// <summary>Marks every answer no-store, and turns a store outage anywhere in these endpoints into 503 + Retry-After, never a 500.</summary>
    private sealed class StoreUnavailableFilter(string scheme) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            // Answers carry tokens and session details: no cache, shared or private, may keep them.
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Web3StoreUnavailableException ex)
            {
                var services = context.HttpContext.RequestServices;
                services.GetRequiredService<StoreFailureLog>().Report(services.GetRequiredService<ILogger<Web3LoginService>>(), ex);
                return Web3ProblemResult.StoreUnavailable(Options(context.HttpContext, scheme).StoreRetryAfter);
            }
        }
    }
}
