namespace Web3Auth.Sample.Mvc;

/// <summary>
/// Response headers that keep injected script from using the session cookie: a strict Content Security Policy
/// (scripts only from this origin, no inline script), no framing, no MIME sniffing, no referrer. One page answers with a
/// wider policy of its own: Scalar's, in Development only (OpenApi/SampleOpenApi.cs).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy. EIP-6963 wallet icons are data: URIs, hence <c>img-src data:</c>.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(next => context =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
