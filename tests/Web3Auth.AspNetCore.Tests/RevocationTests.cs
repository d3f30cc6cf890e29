using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class RevocationTests
{
    [Fact]
    public async Task A_revoked_session_is_dead_on_the_next_request()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(40), ["profile/read"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task A_revoked_permission_is_refused_while_the_others_keep_working()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(41), ["profile/read", "profile/write"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/write", token)).StatusCode);

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Put, "/api/profile", token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
    }

    [Fact]
    public async Task A_permission_named_with_a_percent_encoded_slash_is_revoked_too()
    {
        // OpenAPI cannot describe a path parameter that spans segments, so generated clients send profile%2Fwrite.
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(43), ["profile/read", "profile/write"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile%2Fwrite", token)).StatusCode);

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Put, "/api/profile", token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_address_only()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(42);
        var laptop = await client.SignInTokenAsync(wallet);
        var phone = await client.SignInTokenAsync(wallet);
        var someoneElse = await client.SignInTokenAsync(TestWallet.FromSeed(43));

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", laptop)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/me", laptop)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/me", phone)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", someoneElse)).StatusCode);
    }

    [Fact]
    public async Task One_session_can_end_another_of_the_same_address_but_not_of_another()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(44);
        var laptop = await client.SignInTokenAsync(wallet);
        var phone = await client.SignInAsync(wallet);
        var stranger = await client.SignInAsync(TestWallet.FromSeed(45));

        var strangerId = (string)stranger["sessionId"]!;
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Delete, $"/auth/web3/sessions/{strangerId}", laptop), HttpStatusCode.NotFound, Web3ErrorCodes.SessionNotFound);
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions/doesnotexist", laptop), HttpStatusCode.NotFound, Web3ErrorCodes.SessionNotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", (string)stranger["token"]!)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/auth/web3/sessions/{(string)phone["sessionId"]!}", laptop)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/me", (string)phone["token"]!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", laptop)).StatusCode);
    }
}
