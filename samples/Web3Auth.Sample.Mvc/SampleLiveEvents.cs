using Microsoft.AspNetCore.Routing;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// Whether the package maps the live session events (<c>GET /auth/web3/session/events</c>, issue 14): the pages
/// start their watchers (live.js, pages/sessions.js) only then, so a package without them leaves the pages as they were.
/// </summary>
public static class SampleLiveEvents
{
    /// <summary>True when an endpoint of this app ends in <c>/session/events</c>.</summary>
    public static bool AreMapped(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.RawText?.EndsWith("/session/events", StringComparison.Ordinal) == true);
    }
}
