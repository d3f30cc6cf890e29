using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace Web3Auth.Sample.Mvc.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi): the package's endpoints describe
/// themselves with ASP.NET Core metadata; two transformers add what only the app knows or what needs the OpenAPI
/// model — the <c>error</c> codes of each problem answer (<see cref="ProblemErrorCodesTransformer"/>) and the security
/// schemes with each operation's requirements (<see cref="Web3SecurityTransformer"/>). In Development, Scalar's page
/// over the document at <c>/scalar</c>, with its own Content Security Policy.
/// </summary>
public static class SampleOpenApi
{
    /// <summary>The document's path (MapOpenApi's default for the document "v1").</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Scalar's page (Development only).</summary>
    public const string ScalarPath = "/scalar";

    /// <summary>Registers the document's transformers (<c>builder.Services.AddOpenApi(SampleOpenApi.Configure)</c>).</summary>
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer<Web3SecurityTransformer>();
        options.AddOperationTransformer<Web3SecurityTransformer>();
        options.AddOperationTransformer<ProblemErrorCodesTransformer>();
        options.AddSchemaTransformer<DescriptionSchemaTransformer>();
    }

    /// <summary>Maps the document and, in Development, Scalar's page.</summary>
    public static WebApplication MapSampleOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            // Scalar ships its script in the package (served from /scalar/scalar.js): no CDN, no fonts from one, no telemetry.
            app.MapScalarApiReference(ScalarPath, (scalar, context) =>
            {
                // The site's policy (SecurityHeaders) allows no inline script or style; the page has an inline script and
                // its script sets inline styles, so it answers with a policy of its own. Set here, in the page's own
                // endpoint: no other response gets it.
                var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
                scalar.WithTitle("Web3Auth sample API").WithNonce(nonce).DisableDefaultFonts().DisableTelemetry();
                context.Response.Headers.ContentSecurityPolicy = ScalarContentSecurityPolicy(nonce);
            });
        }

        return app;
    }

    /// <summary>
    /// The policy of Scalar's page: <see cref="SecurityHeaders.ContentSecurityPolicy"/> but for scripts with the page's
    /// nonce and inline styles. Everything else (the script, the document, requests sent from the page) stays on this origin.
    /// </summary>
    public static string ScalarContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
