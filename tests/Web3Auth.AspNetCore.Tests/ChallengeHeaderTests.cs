using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class ChallengeHeaderTests
{
    [Fact]
    public async Task No_token_gets_bare_bearer_and_DPoP_challenges_and_a_problem_body()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Get, "/api/profile");

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(["Bearer", "DPoP algs=\"ES256 ES256K\""], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_token_gets_invalid_token_in_the_header_and_the_body(string token)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Get, "/api/profile", token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        var header = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", header.Scheme);
        Assert.StartsWith("error=\"invalid_token\", error_description=\"", header.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_whose_secret_was_altered_is_rejected()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(60));
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/me", altered)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode);
    }

    [Fact]
    public async Task A_missing_permission_gets_insufficient_scope_naming_it()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(61), ["profile/read"]);

        var response = await client.SendAsync(HttpMethod.Put, "/api/profile", token);

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.Contains("profile/write", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"profile/write\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task The_same_rules_apply_to_minimal_api_endpoints()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(62), ["profile/read"]);

        var response = await client.SendAsync(HttpMethod.Get, "/api/notes", token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"notes/read\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Another_failed_policy_is_a_plain_forbidden_without_a_scope()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(63);
        var message = (string)(await client.ChallengeAsync(wallet, chainId: 10))["message"]!;
        var token = (string)(await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message))))["token"]!;

        var response = await client.SendAsync(HttpMethod.Get, "/api/mainnet-only", token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Forbidden, Web3ErrorCodes.Forbidden);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }
}
