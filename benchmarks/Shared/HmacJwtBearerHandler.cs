using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Web3Auth.Benchmarks;

/// <summary>
/// A stand-in for Microsoft's JwtBearer handler validating HS256 tokens, for machines whose package registry cannot
/// supply JwtBearer 10 (it needs Microsoft.IdentityModel 8). It does the work any JWT bearer validation must do per
/// request — split and base64url-decode the token, check the header's alg, verify the HMAC in constant time, parse
/// the JSON claims, check exp, nbf, iss and aud, build the principal, save the token — and none of JwtBearer's
/// extras (events, metadata refresh, key resolution, claim mapping, token caching checks), so it is a lower bound on
/// JwtBearer's cost: beating it means beating JwtBearer by more.
/// </summary>
internal sealed class HmacJwtBearerHandler(IOptionsMonitor<HmacJwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<HmacJwtBearerOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? authorization = Request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = authorization["Bearer ".Length..].Trim();
        return Task.FromResult(Validate(token) is { } principal
            ? AuthenticateResult.Success(CreateTicket(principal, token))
            : AuthenticateResult.Fail("Invalid token."));
    }

    private ClaimsPrincipal? Validate(string token)
    {
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot <= firstDot || token.AsSpan(firstDot + 1, lastDot - firstDot - 1).Contains('.'))
        {
            return null;
        }

        var header = DecodeJson(token.AsSpan(0, firstDot));
        if (header is null)
        {
            return null;
        }

        using (header)
        {
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return null;
            }
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Options.Key, Encoding.ASCII.GetBytes(token, 0, lastDot), expected);
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(lastDot + 1), signature, out var written) || written != signature.Length ||
            !CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            return null;
        }

        using var payload = DecodeJson(token.AsSpan(firstDot + 1, lastDot - firstDot - 1));
        return payload is null ? null : CreatePrincipal(payload.RootElement);
    }

    private ClaimsPrincipal? CreatePrincipal(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? issuer = null, audience = null;
        long? expires = null, notBefore = null;
        var claims = new List<(string Type, string Value, string ValueType)>();
        foreach (var property in payload.EnumerateObject())
        {
            switch (property.Name)
            {
                case "iss" when property.Value.ValueKind == JsonValueKind.String:
                    issuer = property.Value.GetString();
                    break;
                case "aud" when property.Value.ValueKind == JsonValueKind.String:
                    audience = property.Value.GetString();
                    break;
                case "exp" when property.Value.TryGetInt64(out var exp):
                    expires = exp;
                    break;
                case "nbf" when property.Value.TryGetInt64(out var nbf):
                    notBefore = nbf;
                    break;
            }

            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray())
                {
                    claims.Add(ToClaim(property.Name, item));
                }
            }
            else
            {
                claims.Add(ToClaim(property.Name, property.Value));
            }
        }

        var now = TimeProvider.GetUtcNow();
        if (expires is null || now - Options.ClockSkew >= DateTimeOffset.FromUnixTimeSeconds(expires.Value) ||
            (notBefore is not null && now + Options.ClockSkew < DateTimeOffset.FromUnixTimeSeconds(notBefore.Value)) ||
            issuer != Options.Issuer || audience != Options.Audience)
        {
            return null;
        }

        var identity = new ClaimsIdentity(Scheme.Name, Options.NameClaimType, ClaimTypes.Role);
        foreach (var (type, value, valueType) in claims)
        {
            identity.AddClaim(new Claim(type, value, valueType, issuer, issuer, identity));
        }

        return new ClaimsPrincipal(identity);
    }

    private static (string, string, string) ToClaim(string type, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => (type, value.GetString()!, ClaimValueTypes.String),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => (type, integer.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        JsonValueKind.True or JsonValueKind.False => (type, value.GetRawText(), ClaimValueTypes.Boolean),
        _ => (type, value.GetRawText(), JsonClaimValueTypes.Json),
    };

    private AuthenticationTicket CreateTicket(ClaimsPrincipal principal, string token)
    {
        var properties = new AuthenticationProperties();
        if (Options.SaveToken)
        {
            properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
        }

        return new AuthenticationTicket(principal, properties, Scheme.Name);
    }

    // JsonDocument reads from the buffer it is given for as long as it lives, so the buffer is its own.
    private static JsonDocument? DecodeJson(ReadOnlySpan<char> base64Url)
    {
        var buffer = new byte[Base64Url.GetMaxDecodedLength(base64Url.Length)];
        if (!Base64Url.TryDecodeFromChars(base64Url, buffer, out var length))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static class JsonClaimValueTypes
    {
        public const string Json = "JSON";
    }
}
