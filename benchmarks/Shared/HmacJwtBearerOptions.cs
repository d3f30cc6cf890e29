using Microsoft.AspNetCore.Authentication;

namespace Web3Auth.Benchmarks;

/// <summary>Options of <see cref="HmacJwtBearerHandler"/>: the JwtBearer settings an HS256 setup uses.</summary>
internal sealed class HmacJwtBearerOptions : AuthenticationSchemeOptions
{
    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    public byte[] Key { get; set; } = [];

    public string NameClaimType { get; set; } = "name";

    /// <summary>JwtBearer's default tolerance on exp and nbf.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Like JwtBearer's <c>SaveToken</c> (default on): the token is kept in the authentication properties.</summary>
    public bool SaveToken { get; set; } = true;
}
