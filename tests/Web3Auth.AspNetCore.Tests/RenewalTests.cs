using System.Net;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class RenewalTests
{
    [Fact]
    public async Task Renewal_extends_the_session_in_place_adds_signed_permissions_and_rotates_the_token()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(50);
        var first = await client.SignInAsync(wallet, ["profile/read"], lifetime: 600);
        var oldToken = (string)first["token"]!;

        app.Time.Advance(TimeSpan.FromMinutes(8));
        var challenge = await client.ChallengeAsync(wallet, ["profile/read", "profile/write"], lifetime: 3600, renew: true, token: oldToken);
        var message = (string)challenge["message"]!;
        var renewed = await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message)));
        var newToken = (string)renewed["token"]!;

        Assert.Equal((string?)first["sessionId"], (string?)renewed["sessionId"]);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(app.Time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds(), ((DateTimeOffset)renewed["expiresAt"]!).ToUnixTimeMilliseconds());
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/api/profile", oldToken), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/profile", newToken)).StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(30)); // past the original expiry
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", newToken)).StatusCode);
    }

    [Fact]
    public async Task A_renewal_challenge_for_another_address_is_refused()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(51));

        var response = await client.PostJsonAsync("/auth/web3/challenge", new { address = TestWallet.FromSeed(52).Address.ToString(), renew = true }, token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_renewal_signed_after_the_session_was_revoked_creates_nothing()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(53);
        var token = await client.SignInTokenAsync(wallet);
        var message = (string)(await client.ChallengeAsync(wallet, renew: true, token: token))["message"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        var response = await client.SubmitAsync(message, wallet.SignPersonalMessage(message));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.True(SiweMessage.TryParse(message, out _, out _));
    }
}
