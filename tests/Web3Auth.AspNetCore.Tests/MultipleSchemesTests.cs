using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The scheme beside Microsoft's JwtBearer and Cookies in one app (docs/configuration.md, "Several schemes"): a token
/// that is not a session token of ours is no result, not a failure, so a policy asking several schemes, or a policy
/// scheme forwarding by token, lets the right one take it.
/// </summary>
public sealed class MultipleSchemesTests : IAsyncLifetime
{
    private static readonly SymmetricSecurityKey JwtKey = new(Encoding.UTF8.GetBytes("a test-only HS256 key of at least 256 bits!"));

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthentication("Smart")
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = "test-issuer",
                    ValidAudience = "test-api",
                    IssuerSigningKey = JwtKey,
                };
            })
            .AddCookie()
            .AddWeb3SessionKeys("Web3", o => o.Permissions.Add("profile/read", "Read your profile"))
            // One scheme for [Authorize]: a JWT goes to JwtBearer, everything else to the wallet sessions.
            .AddPolicyScheme("Smart", "JWT or wallet", o => o.ForwardDefaultSelector = context =>
            {
                string? authorization = context.Request.Headers.Authorization;
                return authorization?.StartsWith("Bearer ey", StringComparison.Ordinal) == true ? JwtBearerDefaults.AuthenticationScheme : "Web3";
            });
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy("AnyBearer", p => p.AddAuthenticationSchemes("Web3", JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
            o.AddPolicy("WalletProfile", p => p.RequireWeb3Permission("Web3", ["profile/read"]));
        });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapWeb3SessionKeys("/auth/web3", "Web3");
        _app.MapGet("/any", (ClaimsPrincipal user) => user.Identity!.AuthenticationType).RequireAuthorization("AnyBearer");
        _app.MapGet("/smart", (ClaimsPrincipal user) => user.Identity!.AuthenticationType).RequireAuthorization();
        _app.MapGet("/profile", (ClaimsPrincipal user) => user.GetWeb3Address()!.ToString()).RequireAuthorization("WalletProfile");
        _app.MapGet("/cookie-login", async (HttpContext context) =>
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "cookie-user")], "Cookies"))));
        _app.MapGet("/cookie", (ClaimsPrincipal user) => user.FindFirstValue("sub"))
            .RequireAuthorization(p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, "Web3").RequireAuthenticatedUser());
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string Jwt() => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
        "test-issuer", "test-api", [new Claim("sub", "jwt-user")], expires: DateTime.UtcNow.AddMinutes(5),
        signingCredentials: new SigningCredentials(JwtKey, SecurityAlgorithms.HmacSha256)));

    private async Task<string> WalletTokenAsync()
    {
        var wallet = TestWallet.FromSeed(960);
        var challenge = await _client.PostAsJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString(), permissions = new[] { "profile/read" } });
        var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;
        var session = await _client.PostAsJsonAsync("/auth/web3/session", new { message, signature = wallet.SignPersonalMessage(message) });
        return (string)(await Web3TestClient.ReadObjectAsync(session))["token"]!;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_JWT_is_no_result_for_the_wallet_scheme_so_JwtBearer_takes_it_in_a_policy_of_both()
    {
        var jwt = await GetAsync("/any", Jwt());
        Assert.Equal(HttpStatusCode.OK, jwt.StatusCode);
        Assert.Equal("AuthenticationTypes.Federation", await jwt.Content.ReadAsStringAsync());

        var wallet = await GetAsync("/any", await WalletTokenAsync());
        Assert.Equal(HttpStatusCode.OK, wallet.StatusCode);
        Assert.Equal("Web3", await wallet.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_policy_scheme_forwards_a_JWT_to_JwtBearer_and_a_session_token_to_the_wallet_scheme()
    {
        Assert.Equal("AuthenticationTypes.Federation", await (await GetAsync("/smart", Jwt())).Content.ReadAsStringAsync());
        Assert.Equal("Web3", await (await GetAsync("/smart", await WalletTokenAsync())).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/smart")).StatusCode);
    }

    [Fact]
    public async Task RequireWeb3Permission_for_a_named_scheme_takes_its_session_and_refuses_a_JWT()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/profile", await WalletTokenAsync())).StatusCode);
        var refused = await GetAsync("/profile", Jwt());
        // No scheme of the policy took the JWT: the wallet scheme's 401 calls it an invalid token.
        await Web3TestClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task An_application_cookie_passes_a_policy_that_also_names_the_wallet_scheme()
    {
        var login = await GetAsync("/cookie-login");
        var cookie = login.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        var response = await GetAsync("/cookie", cookie: cookie);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cookie-user", await response.Content.ReadAsStringAsync());
    }
}
