using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc.OpenApi;

/// <summary>
/// The three ways a request presents a session of the Web3 scheme, as security schemes — <c>Bearer</c>,
/// <c>DPoP</c> (a key-bound session: the token and a proof) and, when <c>UseSessionCookie</c> is on, <c>Cookie</c> —
/// and on each operation which of them it accepts: the package's endpoints say so with
/// <see cref="Web3SessionCredentialsMetadata"/> (optional for POST /challenge, which needs them only to renew), the
/// site's own with <c>[Authorize]</c> (everything here authenticates with the Web3 scheme).
/// </summary>
internal sealed class Web3SecurityTransformer(IOptionsMonitor<Web3SessionKeyOptions> web3Options) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Bearer = "Bearer";
    public const string Dpop = "DPoP";
    public const string Cookie = "Cookie";

    private Web3SessionKeyOptions Options => web3Options.Get(Web3AuthDefaults.AuthenticationScheme);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemes = document.Components ??= new OpenApiComponents();
        schemes.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        schemes.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A bearer session's token, as POST /auth/web3/session returned it (tokenType Bearer): Authorization: Bearer <token>.",
        };
        schemes.SecuritySchemes[Dpop] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "DPoP",
            Description = "A key-bound session's token (tokenType DPoP): Authorization: DPoP <token>, and on every request a DPoP header with a " +
                "fresh proof signed by the session key (RFC 9449: typ dpop+jwt, ES256 or ES256K, claims jti, htm, htu, iat, ath). " +
                "A 401 use_dpop_nonce carries in its DPoP-Nonce header the nonce the next proof must include. See docs/http-api.md#key-bound-sessions-dpop.",
        };
        if (Options.UseSessionCookie)
        {
            schemes.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = Options.SessionCookie.Name,
                Description = "The session cookie POST /auth/web3/session sets. A request that changes state with it must come from this " +
                    "site's origin (Origin, or Sec-Fetch-Site: same-origin), else 403 csrf_rejected.",
            };
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        bool required;
        if (metadata.OfType<Web3SessionCredentialsMetadata>().LastOrDefault() is { } credentials)
        {
            if (credentials.AuthenticationScheme != Web3AuthDefaults.AuthenticationScheme)
            {
                return Task.CompletedTask;
            }

            required = credentials.IsRequired;
        }
        else if ((metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<AuthorizationPolicy>().Any()) && !metadata.OfType<IAllowAnonymous>().Any())
        {
            required = true;
        }
        else
        {
            return Task.CompletedTask;
        }

        var document = context.Document;
        operation.Security ??= [];
        if (!required)
        {
            operation.Security.Add(new OpenApiSecurityRequirement()); // {}: anonymous requests are fine too
        }

        // Alternatives: any one of them authenticates the request.
        foreach (var scheme in Options.UseSessionCookie ? new[] { Bearer, Dpop, Cookie } : [Bearer, Dpop])
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] });
        }

        return Task.CompletedTask;
    }
}
