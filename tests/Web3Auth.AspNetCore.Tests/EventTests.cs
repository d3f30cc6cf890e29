using System.Net;
using Microsoft.AspNetCore.Http;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class EventTests
{
    [Fact]
    public async Task The_app_can_refuse_a_login_and_the_nonce_stays_unused()
    {
        var blocked = TestWallet.FromSeed(90);
        var refuse = true;
        using var app = new Web3AppFactory
        {
            ConfigureOptions = o => o.Events.OnSessionCreating = c =>
            {
                if (refuse && c.Address == blocked.Address)
                {
                    c.Refuse("This wallet is not on the allow-list.");
                }

                return Task.CompletedTask;
            },
        };
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(blocked))["message"]!;

        var response = await client.SubmitAsync(message, blocked.SignPersonalMessage(message));

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, Web3ErrorCodes.LoginRefused);
        Assert.Equal("This wallet is not on the allow-list.", (string?)problem["detail"]);
        refuse = false;
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(message, blocked.SignPersonalMessage(message))).StatusCode);
    }

    [Fact]
    public async Task The_app_can_narrow_the_granted_permissions()
    {
        using var app = new Web3AppFactory
        {
            ConfigureOptions = o => o.Events.OnSessionCreating = c =>
            {
                c.RemovePermission("profile/write"); // token gating: only holders may write
                return Task.CompletedTask;
            },
        };
        using var client = app.CreateWeb3Client();

        var session = await client.SignInAsync(TestWallet.FromSeed(91), ["profile/read", "profile/write"]);

        Assert.Equal(["profile/read"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Put, "/api/profile", (string)session["token"]!), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
    }

    [Fact]
    public async Task A_custom_error_description_cannot_break_out_of_the_www_authenticate_header()
    {
        using var app = new Web3AppFactory
        {
            ConfigureOptions = o => o.Events.OnChallenge = c =>
            {
                c.ErrorDescription = "bad \"token\"\r\nX-Injected: 1 \\";
                return Task.CompletedTask;
            },
        };
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Get, "/api/me", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Injected"));
        Assert.Equal("error=\"invalid_token\", error_description=\"bad tokenX-Injected: 1 \"", Assert.Single(response.Headers.WwwAuthenticate).Parameter);
    }

    [Fact]
    public async Task The_app_can_write_its_own_challenge_response()
    {
        using var app = new Web3AppFactory
        {
            ConfigureOptions = o => o.Events.OnChallenge = async c =>
            {
                c.HandleResponse();
                c.Response.StatusCode = 401;
                await c.Response.WriteAsync("custom");
            },
        };
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Get, "/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("custom", await response.Content.ReadAsStringAsync());
    }
}
