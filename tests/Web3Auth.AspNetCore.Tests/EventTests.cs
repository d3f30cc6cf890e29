using System.Net;
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
}
