using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Web3Auth.AspNetCore;
using Web3Auth.Siwe;

namespace Web3Auth.Benchmarks;

/// <summary>
/// The one signed-in user that the authentication benchmark and the load test authenticate as: a session with four
/// permissions in the configured store, and a JWT bearer token carrying the same claims, so both schemes build the
/// same principal.
/// </summary>
internal static class BenchmarkIdentity
{
    public const string Domain = "app.example.com";
    public const string Issuer = "https://app.example.com";
    public const string JwtScheme = "JwtBearer";
    public const ulong ChainId = 8453;

    public static readonly string[] Permissions = ["profile/read", "profile/write", "notes/read", "notes/write"];

    public static readonly EthereumAddress Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    // HS256 wants a key of at least 256 bits; a fixed one keeps runs comparable.
    private static readonly byte[] JwtKey = SHA256.HashData("web3auth benchmark hs256 key"u8);

    public static void ConfigureWeb3(Web3SessionKeyOptions options)
    {
        options.Domain = Domain;
        options.AllowedChainIds.Add(ChainId);
        foreach (var permission in Permissions)
        {
            options.Permissions.Add(permission, permission);
        }
    }

    /// <summary>
    /// Adds the JWT bearer scheme the benchmarks compare against: Microsoft's JwtBearer validating HS256, with inbound
    /// claim mapping off so that its principal carries the token's claim names, as ours does. Everything else keeps
    /// JwtBearer's defaults (SaveToken on, JsonWebTokenHandler, 5-minute clock skew).
    /// </summary>
    public static AuthenticationBuilder AddBenchmarkJwtBearer(this AuthenticationBuilder builder) =>
        builder.AddJwtBearer(JwtScheme, o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = CreateValidationParameters();
        });

    // Lifetime, issuer, audience and signing key are validated (TokenValidationParameters' defaults, 5-minute skew).
    private static TokenValidationParameters CreateValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        IssuerSigningKey = new SymmetricSecurityKey(JwtKey),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = Web3ClaimTypes.Address,
    };

    /// <summary>
    /// Stores a session the way a sign-in does and returns its bearer token. The token format is the documented one
    /// (<c>{id}.{secret}</c>, base64url, the id the address followed by 16 random bytes, the store keeping the
    /// secret's SHA-256); the caller checks that the
    /// handler accepts it, so a change of format fails the benchmark loudly instead of measuring 401s. With
    /// <paramref name="boundKey"/> the session is key-bound (DPoP), as a sign-in naming a session key makes it.
    /// </summary>
    public static async Task<string> SignInAsync(IWeb3SessionStore store, DateTimeOffset now, Web3BoundKey? boundKey = null)
    {
        var id = Base64Url.EncodeToString([.. Address.ToArray(), .. RandomNumberGenerator.GetBytes(16)]);
        var secret = RandomNumberGenerator.GetBytes(32);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((now + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds());
        await store.CreateSessionAsync(
            new Web3Session
            {
                Id = id,
                Scheme = Web3AuthDefaults.AuthenticationScheme,
                Domain = Domain,
                Address = Address,
                ChainId = ChainId,
                Version = 1,
                TokenHash = SHA256.HashData(secret),
                CreatedAt = now,
                ExpiresAt = expiresAt,
                Permissions = Permissions.Select(p => new Web3SessionPermission(p, expiresAt)).ToArray(),
                ClientHint = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                BoundKey = boundKey,
            },
            maxSessionsPerOwner: 50,
            now,
            CancellationToken.None);
        return id + "." + Base64Url.EncodeToString(secret);
    }

    /// <summary>An HS256 JWT with the claims our scheme puts on its principal, plus the registered ones JWT needs.</summary>
    public static string CreateJwt(DateTimeOffset now)
    {
        var sessionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var claims = new List<Claim>
        {
            new(Web3ClaimTypes.Subject, $"eip155:{ChainId}:{Address}"),
            new(Web3ClaimTypes.Address, Address.ToString()),
            new(Web3ClaimTypes.ChainId, ChainId.ToString(CultureInfo.InvariantCulture)),
            new(Web3ClaimTypes.SessionId, sessionId),
            new(Web3ClaimTypes.VerificationMethod, "eoa"),
        };
        claims.AddRange(Permissions.Select(p => new Claim(Web3ClaimTypes.Permission, p)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + TimeSpan.FromDays(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(JwtKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
