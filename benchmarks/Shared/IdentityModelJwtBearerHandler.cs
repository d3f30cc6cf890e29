using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Web3Auth.Benchmarks;

/// <summary>
/// JWT bearer authentication on Microsoft's own validation engine, for machines whose package registry cannot supply
/// JwtBearer 10 (docs/performance.md). Per request it does what JwtBearerHandler (8 and later) does when no
/// OpenID Connect metadata is configured: read <c>Authorization: Bearer</c>, clone the token validation parameters,
/// validate with <see cref="JsonWebTokenHandler"/> (signature, lifetime with JwtBearer's skew, issuer, audience,
/// algorithm), build the ticket from the resulting identity and save the token. It leaves out JwtBearer's events and
/// configuration manager, which cost nothing measurable when, as here, none is set.
/// </summary>
internal sealed class IdentityModelJwtBearerHandler(IOptionsMonitor<IdentityModelJwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<IdentityModelJwtBearerOptions>(options, logger, encoder)
{
    // JwtBearer keeps one handler in its options and shares it between requests; JsonWebTokenHandler is thread-safe.
    private static readonly JsonWebTokenHandler TokenHandler = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? authorization = Request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // JwtBearer clones its parameters per request, so a refreshed configuration never races a validation.
        var result = TokenHandler.ValidateToken(token, Options.TokenValidationParameters.Clone());
        if (!result.IsValid)
        {
            return Task.FromResult(AuthenticateResult.Fail(result.Exception ?? new InvalidOperationException("Invalid token.")));
        }

        var properties = new AuthenticationProperties();
        if (Options.SaveToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.ClaimsIdentity), properties, Scheme.Name)));
    }
}
