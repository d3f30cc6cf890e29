using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class ExpiryTests
{
    [Fact]
    public async Task A_session_stops_working_when_it_expires()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(30), ["profile/read"], lifetime: 1800);

        app.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);

        app.Time.Advance(TimeSpan.FromMinutes(2));
        var response = await client.SendAsync(HttpMethod.Get, "/api/profile", token);
        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task A_permission_with_a_shorter_lifetime_expires_before_the_session()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var session = await client.SignInAsync(TestWallet.FromSeed(31), ["profile/read", "notes/read"], lifetime: 3600);
        var token = (string)session["token"]!;
        var notes = session["permissions"]!.AsArray().Single(p => (string)p!["name"]! == "notes/read")!;
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds(), ((DateTimeOffset)notes["expiresAt"]!).ToUnixTimeMilliseconds());

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/notes", token)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(11));

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/api/notes", token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
    }
}
