using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Web3Auth.Benchmarks;

/// <summary>Options of <see cref="IdentityModelJwtBearerHandler"/>: the two JwtBearer settings an HS256 setup uses.</summary>
internal sealed class IdentityModelJwtBearerOptions : AuthenticationSchemeOptions
{
    /// <summary>What <see cref="Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler"/> checks, as JwtBearer's option of the same name.</summary>
    public TokenValidationParameters TokenValidationParameters { get; set; } = new();

    /// <summary>Like JwtBearer's <c>SaveToken</c> (default on): the token is kept in the authentication properties.</summary>
    public bool SaveToken { get; set; } = true;
}
