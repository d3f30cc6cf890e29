using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Web3Auth.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the sign-in and session endpoints (docs/http-api.md).</summary>
public static class Web3SessionEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    /// <summary>
    /// Maps <c>POST {prefix}/challenge</c>, <c>POST|GET|DELETE {prefix}/session</c>,
    /// <c>DELETE {prefix}/session/permissions/{name}</c>, <c>GET|DELETE {prefix}/sessions</c> and
    /// <c>DELETE {prefix}/sessions/{id}</c>; any other path or method under the prefix answers 404 or 405 problem+json.
    /// Returns the route group to add filters, rate limiting (<c>RequireRateLimiting</c>) or CORS.
    /// </summary>
    public static RouteGroupBuilder MapWeb3SessionKeys(this IEndpointRouteBuilder endpoints, string prefix = Web3AuthDefaults.EndpointPrefix, string authenticationScheme = Web3AuthDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new StoreUnavailableFilter(authenticationScheme));
        var signedIn = new AuthorizationPolicyBuilder(authenticationScheme).RequireAuthenticatedUser().Build();
        var scheme = authenticationScheme;

        group.MapPost("/challenge", (HttpContext context, Web3SessionLifecycle lifecycle) => IssueSignInMessageAsync(context, lifecycle, scheme)).AllowAnonymous();
        group.MapPost("/session", (HttpContext context, Web3SessionLifecycle lifecycle) => SignInAsync(context, lifecycle, scheme)).AllowAnonymous();
        group.MapGet("/session", (Func<HttpContext, Task<IResult>>)(context => ReadSessionAsync(context, scheme))).RequireAuthorization(signedIn);
        group.MapDelete("/session", (HttpContext context, Web3SessionLifecycle lifecycle) => SignOutAsync(context, lifecycle, scheme)).RequireAuthorization(signedIn);
        group.MapDelete("/session/permissions/{**name}", (string name, HttpContext context, Web3SessionLifecycle lifecycle) => RevokePermissionAsync(name, context, lifecycle, scheme))
            .RequireAuthorization(signedIn);
        group.MapGet("/sessions", (HttpContext context, Web3SessionLifecycle lifecycle) => ListSessionsAsync(context, lifecycle, scheme)).RequireAuthorization(signedIn);
        group.MapDelete("/sessions", (HttpContext context, Web3SessionLifecycle lifecycle) => SignOutEverywhereAsync(context, lifecycle, scheme)).RequireAuthorization(signedIn);
        group.MapDelete("/sessions/{id}", (string id, HttpContext context, Web3SessionLifecycle lifecycle) => RevokeSessionAsync(id, context, lifecycle, scheme))
            .RequireAuthorization(signedIn);

        MapProblemsForUnmatched(group);
        return group;
    }

    private static async Task<IResult> IssueSignInMessageAsync(HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(context, Web3AuthJsonContext.Default.SignInMessageRequest, MaxBodyBytes).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        var outcome = await lifecycle.IssueSignInMessageAsync(context, scheme, request).ConfigureAwait(false);
        return (IResult?)outcome.Problem ?? TypedResults.Json(outcome.Value!, Web3AuthJsonContext.Default.SignInMessageResponse);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var (request, problem) = await JsonRequestBody.ReadAsync(context, Web3AuthJsonContext.Default.SignInRequest, MaxBodyBytes).ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        var outcome = await lifecycle.SignInAsync(context, scheme, request).ConfigureAwait(false);
        return (IResult?)outcome.Problem ?? TypedResults.Json(outcome.Value!, Web3AuthJsonContext.Default.Web3SessionResponse);
    }

    private static async Task<IResult> ReadSessionAsync(HttpContext context, string scheme)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        return (IResult?)current.Problem ??
               TypedResults.Json(Web3SessionLifecycle.ToResponse(current.Value!, Now(context, scheme)), Web3AuthJsonContext.Default.Web3SessionResponse);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Value is { } session)
        {
            // Signing out of a session that ended meanwhile is still a successful sign-out.
            await lifecycle.RevokeSessionAsync(context, session, session.Id).ConfigureAwait(false);
        }

        DeleteCookie(context, scheme);
        return (IResult?)current.Problem ?? Results.NoContent();
    }

    private static async Task<IResult> RevokePermissionAsync(string name, HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Problem is not null)
        {
            return current.Problem;
        }

        var outcome = await lifecycle.RevokePermissionAsync(context, current.Value!, name).ConfigureAwait(false);
        return (IResult?)outcome.Problem ?? Results.NoContent();
    }

    // Newest first, paged: ?limit= (1–100, default 50) and ?after={the last session id of the previous page}; a Link
    // header (rel="next") names the next page while there is one.
    private static async Task<IResult> ListSessionsAsync(HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var query = context.Request.Query;
        var limit = DefaultPageSize;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, $"\"limit\" must be a whole number from 1 to {MaxPageSize}.");
        }

        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Problem is not null)
        {
            return current.Problem;
        }

        var sessions = await lifecycle.ListAsync(context, current.Value!).ConfigureAwait(false);
        var start = 0;
        if (query["after"] is [{ } after])
        {
            var index = sessions.ToList().FindIndex(s => s.Id == after);
            start = index < 0 ? sessions.Count : index + 1;
        }

        var page = sessions.Skip(start).Take(limit).ToArray();
        if (start + page.Length < sessions.Count)
        {
            var next = $"{context.Request.PathBase}{context.Request.Path}?limit={limit}&after={Uri.EscapeDataString(page[^1].Id)}";
            context.Response.Headers.Append(HeaderNames.Link, $"<{next}>; rel=\"next\"");
        }

        var now = Now(context, scheme);
        IReadOnlyList<Web3SessionSummary> summaries = page
            .Select(s => new Web3SessionSummary(s.Id, s.CreatedAt, s.ExpiresAt, Web3SessionLifecycle.ToGrants(s.LivePermissions(now)), s.ClientHint, s.Id == current.Value!.Id, s.BoundKey?.DidKey))
            .ToArray();
        return TypedResults.Json(summaries, Web3AuthJsonContext.Default.IReadOnlyListWeb3SessionSummary);
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Problem is not null)
        {
            return current.Problem;
        }

        await lifecycle.RevokeAllAsync(context, current.Value!).ConfigureAwait(false);
        DeleteCookie(context, scheme);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeSessionAsync(string id, HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Problem is not null)
        {
            return current.Problem;
        }

        var outcome = await lifecycle.RevokeSessionAsync(context, current.Value!, id).ConfigureAwait(false);
        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        if (id == current.Value!.Id)
        {
            DeleteCookie(context, scheme);
        }

        return Results.NoContent();
    }

    // Routing answers an unknown path with an empty 404 and a known path with a wrong method with an empty 405; under
    // this prefix every answer is problem+json instead. OPTIONS is left alone for CORS preflights.
    private static void MapProblemsForUnmatched(RouteGroupBuilder group)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];
        (string Pattern, string[] Allowed)[] routes =
        [
            ("/challenge", [HttpMethods.Post]),
            ("/session", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete]),
            ("/session/permissions/{**name}", [HttpMethods.Delete]),
            ("/sessions", [HttpMethods.Get, HttpMethods.Delete]),
            ("/sessions/{id}", [HttpMethods.Delete]),
        ];
        foreach (var (pattern, allowed) in routes)
        {
            var allow = string.Join(", ", allowed);
            group.MapMethods(pattern, methods.Except(allowed).ToArray(), (HttpContext context) =>
            {
                context.Response.Headers.Allow = allow;
                return Web3ProblemResult.MethodNotAllowed($"{context.Request.Method} is not allowed here; use {allow}.");
            }).AllowAnonymous();
        }

        group.MapFallback(() => Web3ProblemResult.NotFound(Web3ErrorCodes.NotFound, "There is no such endpoint. See docs/http-api.md.")).AllowAnonymous();
    }

    private static DateTimeOffset Now(HttpContext context, string scheme) => Options(context, scheme).TimeProvider!.GetUtcNow();

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
                services.GetRequiredService<StoreFailureLog>().Report(services.GetRequiredService<ILogger<Web3SessionLifecycle>>(), ex);
                return Web3ProblemResult.StoreUnavailable(Options(context.HttpContext, scheme).StoreRetryAfter);
            }
        }
    }
}
