using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore.Tests.Handler;

// The events of the answers: Challenge (401, or the 403/503 a failure calls for) and Forbidden (403).
public abstract partial class SharedWeb3HandlerTests
{
    private const string ChallengeWithPropertiesPath = "/test/challenge-with-properties";

    // --- Challenge ---

    [Fact]
    public async Task Challenge_gets_why_authentication_failed_and_the_challenge_properties()
    {
        var seen = new List<(string? Error, string? Description, string Scheme, string? Probe)>();
        await using var host = await StartAsync(
            o => o.Events.OnChallenge = c =>
            {
                seen.Add((c.Error, c.ErrorDescription, c.Scheme.Name, c.Properties.Items.TryGetValue("probe", out var probe) ? probe : null));
                return Task.CompletedTask;
            },
            endpoints: app => app.MapGet(ChallengeWithPropertiesPath, () =>
                Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?> { ["probe"] = "kept" }), [SchemeName])));

        await host.GetAsync(Web3HandlerHost.ClaimsPath);
        await host.GetAsync(Web3HandlerHost.ClaimsPath, "not-a-token");
        await host.GetAsync(ChallengeWithPropertiesPath);

        Assert.Equal(
            [
                (null, null, SchemeName, null),
                (Web3ErrorCodes.InvalidToken, "The token is not a session token of this site.", SchemeName, null),
                (null, null, SchemeName, "kept"),
            ],
            seen);
    }

    [Fact]
    public async Task Challenge_can_change_the_error_sent()
    {
        await using var host = await StartAsync(o => o.Events.OnChallenge = c =>
        {
            c.Error = "session_suspended";
            c.ErrorDescription = "Ask support to lift the suspension.";
            return Task.CompletedTask;
        });

        var response = await host.GetAsync(Web3HandlerHost.ClaimsPath, "not-a-token");

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "session_suspended");
        Assert.Equal("Ask support to lift the suspension.", (string?)problem["detail"]);
        Assert.Equal("error=\"session_suspended\", error_description=\"Ask support to lift the suspension.\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter);
    }

    [Fact]
    public async Task Challenge_HandleResponse_leaves_the_answer_to_the_application()
    {
        await using var host = await StartAsync(o => o.Events.OnChallenge = async c =>
        {
            c.HandleResponse();
            c.Response.StatusCode = StatusCodes.Status401Unauthorized;
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("Connect your wallet first.");
        });

        var response = await host.GetAsync(Web3HandlerHost.ClaimsPath, "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Connect your wallet first.", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    // --- Forbidden ---

    [Fact]
    public async Task Forbidden_gets_the_missing_permissions()
    {
        var seen = new List<(string Path, string[] Missing, string Scheme)>();
        await using var host = await StartAsync(o => o.Events.OnForbidden = c =>
        {
            seen.Add((c.Request.Path, [.. c.MissingPermissions], c.Scheme.Name));
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet, ["profile/read"]);

        await Web3TestClient.AssertProblemAsync(await host.GetAsync(Web3HandlerHost.WritePath, token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        await Web3TestClient.AssertProblemAsync(await host.GetAsync(Web3HandlerHost.AdminPath, token), HttpStatusCode.Forbidden, Web3ErrorCodes.Forbidden);

        Assert.Equal([Web3HandlerHost.WritePath, Web3HandlerHost.AdminPath], seen.Select(s => s.Path));
        Assert.Equal(["profile/write"], seen[0].Missing);
        Assert.Empty(seen[1].Missing);
        Assert.All(seen, s => Assert.Equal(SchemeName, s.Scheme));
    }

    [Fact]
    public async Task Forbidden_can_write_its_own_answer()
    {
        await using var host = await StartAsync(o => o.Events.OnForbidden = async c =>
        {
            c.Response.StatusCode = StatusCodes.Status403Forbidden;
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("Missing: " + string.Join(", ", c.MissingPermissions));
        });
        var token = await host.SignInTokenAsync(Wallet, ["profile/read"]);

        var response = await host.GetAsync(Web3HandlerHost.WritePath, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Missing: profile/write", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Forbidden_setting_a_result_skips_the_default_answer()
    {
        // Hiding the resource: a 404 instead of a 403 that would confirm it exists.
        await using var host = await StartAsync(o => o.Events.OnForbidden = c =>
        {
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            c.NoResult();
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet, ["profile/read"]);

        var response = await host.GetAsync(Web3HandlerHost.WritePath, token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Empty(response.Headers.WwwAuthenticate);
    }
}
