using System.Security.Claims;
using Web3Auth.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDistributedMemoryCache();
builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme)
    .AddWeb3SessionKeys(o =>
    {
        o.Statement = "Sign in to the test app.";
        o.Permissions.Add("profile/read", "Read your profile");
        o.Permissions.Add("profile/write", "Change your profile", grantedByDefault: false);
        o.Permissions.Add("notes/read", "Read your notes", maxLifetime: TimeSpan.FromMinutes(10));
    });
builder.Services.AddAuthorization(o =>
{
    o.AddPolicy("CanReadProfile", p => p.RequireWeb3Permission("profile/read"));
    o.AddPolicy("CanEditProfile", p => p.RequireWeb3Permission("profile/write"));
});
builder.Services.AddControllers();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapWeb3SessionKeys();
app.MapControllers();

// Minimal APIs with the same policies as the controller.
app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Ok(new
{
    sub = user.FindFirstValue("sub"),
    address = user.GetWeb3Address(),
    verification = user.FindFirstValue(Web3ClaimTypes.VerificationMethod),
    permissions = user.FindAll(Web3ClaimTypes.Permission).Select(c => c.Value).ToArray(),
})).RequireAuthorization(p => p.AddAuthenticationSchemes(Web3AuthDefaults.AuthenticationScheme).RequireAuthenticatedUser());
app.MapGet("/api/notes", (ClaimsPrincipal user) => Results.Ok(new { canRead = user.HasWeb3Permission("notes/read") }))
    .RequireAuthorization(p => p.RequireWeb3Permission("notes/read"));
app.MapPost("/api/notes", () => Results.Ok(new { saved = true }))
    .RequireAuthorization(p => p.RequireWeb3Permission("notes/read"));
app.MapGet("/api/mainnet-only", () => Results.Ok())
    .RequireAuthorization(p => p.AddAuthenticationSchemes(Web3AuthDefaults.AuthenticationScheme).RequireClaim(Web3ClaimTypes.ChainId, "1"));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
