using System.ComponentModel;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    /// <c>DELETE {prefix}/sessions/{id}</c>, and the live events <c>GET {prefix}/session/events</c> and
    /// <c>GET {prefix}/sessions/events</c> (text/event-stream); any other path or method under the prefix answers 404 or 405 problem+json.
    /// Returns the route group to add filters, rate limiting (<c>RequireRateLimiting</c>) or CORS. The endpoints describe
    /// themselves for OpenAPI: names (<c>{scheme}Challenge</c>, …), bodies, answers, every problem status with its error
    /// codes (<see cref="Web3ProblemResponseAttribute"/>) and which read the session (<see cref="Web3SessionCredentialsMetadata"/>).
    /// </summary>
    public static RouteGroupBuilder MapWeb3SessionKeys(this IEndpointRouteBuilder endpoints, string prefix = Web3AuthDefaults.EndpointPrefix, string authenticationScheme = Web3AuthDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new StoreUnavailableFilter(authenticationScheme));
        var signedIn = new AuthorizationPolicyBuilder(authenticationScheme).RequireAuthenticatedUser().Build();
        var scheme = authenticationScheme;

        // Described for the API explorer and so for OpenAPI (docs/http-api.md#openapi): names, summaries, bodies, every
        // status with its error codes (Web3EndpointDescriptions) and which endpoints read the session. Nothing here runs per request.
        var optionalSession = new Web3SessionCredentialsMetadata(scheme, isRequired: false);
        var session = new Web3SessionCredentialsMetadata(scheme, isRequired: true);
        group.WithTags(scheme);

        group.MapPost("/challenge", (HttpContext context, Web3SessionLifecycle lifecycle) => IssueSignInMessageAsync(context, lifecycle, scheme))
            .AllowAnonymous()
            .WithName(scheme + "Challenge")
            .WithSummary("Get a sign-in message to sign")
            .WithDescription("Returns the EIP-4361 message for the wallet to sign with personal_sign. With \"sessionKey\" (a public EC JWK) the session will be key-bound: " +
                "its requests need DPoP proofs by that key. With \"renew\": true, the caller's session credentials are needed, and the message renews that session.")
            .AcceptsWeb3Json<SignInMessageRequest>()
            .Produces<SignInMessageResponse>()
            .WithMetadata(optionalSession)
            .ProducesWeb3Problems(Web3EndpointDescriptions.Challenge);
        group.MapPost("/session", (HttpContext context, Web3SessionLifecycle lifecycle) => SignInAsync(context, lifecycle, scheme))
            .AllowAnonymous()
            .WithName(scheme + "SignIn")
            .WithSummary("Sign in with the signed message")
            .WithDescription("Checks the message and signature and creates the session (or, for a renewal message, extends it and rotates its token). " +
                "The answer carries the token: tokenType Bearer, or DPoP for a key-bound session. With UseSessionCookie, it also sets the session cookie.")
            .AcceptsWeb3Json<SignInRequest>()
            .Produces<Web3SessionResponse>()
            .ProducesWeb3Problems(Web3EndpointDescriptions.SignIn);
        group.MapGet("/session", (Func<HttpContext, Task<IResult>>)(context => ReadSessionAsync(context, scheme)))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "GetSession")
            .WithSummary("The current session")
            .WithDescription("The session of the credentials sent, without its token.")
            .Produces<Web3SessionResponse>()
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.ReadSession);
        group.MapDelete("/session", (HttpContext context, Web3SessionLifecycle lifecycle) => SignOutAsync(context, lifecycle, scheme))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "SignOut")
            .WithSummary("Sign out")
            .WithDescription("Ends the current session: its token is dead on the next request, and the session cookie is deleted.")
            .Produces(StatusCodes.Status204NoContent)
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.ChangeSession);
        group.MapDelete("/session/permissions/{**name}", ([Description("The permission, e.g. profile/write; its slash as is or as %2F.")] string name, HttpContext context, Web3SessionLifecycle lifecycle) =>
                RevokePermissionAsync(name, context, lifecycle, scheme))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "RevokePermission")
            .WithSummary("Give up a permission")
            .WithDescription("Removes one permission from the current session, e.g. DELETE /session/permissions/profile/write.")
            .Produces(StatusCodes.Status204NoContent)
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.ChangeSession);
        group.MapGet("/sessions", (
                [Description("Page size, a whole number from 1 to 100; 50 by default.")] string? limit,
                [Description("The sessionId of the last session of the previous page.")] string? after,
                HttpContext context, Web3SessionLifecycle lifecycle) => ListSessionsAsync(limit, after, context, lifecycle, scheme))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "ListSessions")
            .WithSummary("The sessions of this address")
            .WithDescription("The live sessions of the current session's address, newest first, paged; a Link header (rel=\"next\") names the next page while there is one.")
            .Produces<IReadOnlyList<Web3SessionSummary>>()
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.ListSessions);
        group.MapDelete("/sessions", (HttpContext context, Web3SessionLifecycle lifecycle) => SignOutEverywhereAsync(context, lifecycle, scheme))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "SignOutEverywhere")
            .WithSummary("Sign out everywhere")
            .WithDescription("Ends every session of the current session's address.")
            .Produces(StatusCodes.Status204NoContent)
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.ChangeSession);
        group.MapDelete("/sessions/{id}", ([Description("The sessionId to end.")] string id, HttpContext context, Web3SessionLifecycle lifecycle) =>
                RevokeSessionAsync(id, context, lifecycle, scheme))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "RevokeSession")
            .WithSummary("End one session")
            .WithDescription("Ends a session of the same address (another address's id answers like a missing one: 404).")
            .Produces(StatusCodes.Status204NoContent)
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.RevokeSession);

        // Live session events (docs/http-api.md#live-session-events): text/event-stream, authenticated like any request.
        group.MapGet("/session/events", (Func<HttpContext, Task<IResult>>)(context => StreamEventsAsync(context, scheme, watchAddress: false)))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "SessionEvents")
            .WithSummary("Live events of the current session")
            .WithDescription("A text/event-stream: connected, then expirationsUpdated when the session is renewed or a permission is revoked or lapses, and revoked or " +
                "expired when it ends (the stream then ends). Every event has an id; a reconnect that sends it as Last-Event-ID gets only what it missed. " +
                "Heartbeat comments keep it open. Never put a token in the URL: browsers use EventSource with the session cookie, other clients send their headers.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.Events);
        group.MapGet("/sessions/events", (Func<HttpContext, Task<IResult>>)(context => StreamEventsAsync(context, scheme, watchAddress: true)))
            .RequireAuthorization(signedIn)
            .WithName(scheme + "SessionsEvents")
            .WithSummary("Live events of every session of this address")
            .WithDescription("A text/event-stream for a sessions page: connected with the whole list (also on a reconnect), then sessionCreated, sessionUpdated and " +
                "sessionEnded, and revoked or expired when the stream's own session ends (the stream then ends).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithMetadata(session)
            .ProducesWeb3Problems(Web3EndpointDescriptions.Events);

        var lifetime = endpoints.ServiceProvider.GetService<IHostApplicationLifetime>();
        lifetime?.ApplicationStarted.Register(() => endpoints.ServiceProvider.GetService<LiveEventHub>()?.CheckFeed());

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
        // The server decodes every escape of the path but %2F; a client that escapes the name's slash (as OpenAPI-generated
        // ones do: a path parameter cannot span segments there) names the same permission.
        name = name.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
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
    private static async Task<IResult> ListSessionsAsync(string? limitText, string? after, HttpContext context, Web3SessionLifecycle lifecycle, string scheme)
    {
        var limit = DefaultPageSize;
        if (limitText is not null && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageSize))
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
        if (after is not null)
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

    private static async Task<IResult> StreamEventsAsync(HttpContext context, string scheme, bool watchAddress)
    {
        var current = await CurrentWeb3Session.AuthenticateAsync(context, scheme).ConfigureAwait(false);
        if (current.Problem is not null)
        {
            return current.Problem;
        }

        var session = current.Value!;
        var options = Options(context, scheme);
        var services = context.RequestServices;
        var store = services.GetRequiredService<IWeb3SessionStore>();
        var hub = services.GetRequiredService<LiveEventHub>();
        var time = options.TimeProvider!;

        // Read before the stream starts, so that an outage is still a 503 (the filter), not a stream that ends at once.
        var listed = watchAddress ? await store.ListSessionsAsync(session.Owner, time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false) : null;
        var stream = new LiveStream(context, session, watchAddress, options.LiveEvents, time, services.GetRequiredService<ILogger<LiveEventHub>>());
        if (!hub.TryRegister(stream, options.LiveEvents))
        {
            stream.Dispose();
            return Web3ProblemResult.TooManyStreams(
                $"This session (or its address) already has as many event streams open as allowed ({options.LiveEvents.MaxStreamsPerSession} per session, " +
                $"{options.LiveEvents.MaxStreamsPerAddress} per address). Close one, or retry later.", options.LiveEvents.ReconnectDelay);
        }

        context.Response.RegisterForDispose(new StreamRegistration(hub, stream));

        // HTTP/1.x: the connection closes with the stream, so that a client that stopped reading sees the end too.
        if (HttpMethods.IsGet(context.Request.Method) && (context.Request.Protocol == "HTTP/1.1" || context.Request.Protocol == "HTTP/1.0"))
        {
            context.Response.Headers.Connection = "close";
        }

        var events = listed is null
            ? new SessionEventStream(store, stream, session, options.LiveEvents, context).RunAsync(context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } last ? last : null, hub.Stopping)
            : new SessionsEventStream(store, stream, session, listed, options.LiveEvents, context).RunAsync(hub.Stopping);
        return TypedResults.ServerSentEvents(events);
    }

    /// <summary>Ends a stream's registration and its timers once the response is over, however it ended.</summary>
    private sealed class StreamRegistration(LiveEventHub hub, LiveStream stream) : IDisposable
    {
        public void Dispose()
        {
            hub.Unregister(stream);
            stream.Dispose();
        }
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
            ("/session/events", [HttpMethods.Get]),
            ("/sessions/events", [HttpMethods.Get]),
        ];
        foreach (var (pattern, allowed) in routes)
        {
            var allow = string.Join(", ", allowed);
            group.MapMethods(pattern, methods.Except(allowed).ToArray(), (HttpContext context) =>
            {
                context.Response.Headers.Allow = allow;
                return Web3ProblemResult.MethodNotAllowed($"{context.Request.Method} is not allowed here; use {allow}.");
            }).AllowAnonymous().ExcludeFromDescription();
        }

        group.MapFallback(() => Web3ProblemResult.NotFound(Web3ErrorCodes.NotFound, "There is no such endpoint. See docs/http-api.md.")).AllowAnonymous().ExcludeFromDescription();
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
