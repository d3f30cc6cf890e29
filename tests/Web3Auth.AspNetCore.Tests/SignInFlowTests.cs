using System.Net;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class SignInFlowTests
{
    [Fact]
    public async Task A_wallet_signs_in_and_calls_controllers_and_minimal_apis_with_its_token()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(1);

        var challenge = await client.PostJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString(), permissions = new[] { "profile/read", "profile/write" } });
        var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;
        var login = await client.SubmitAsync(message, wallet.SignPersonalMessage(message));
        Assert.Equal("no-store", challenge.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", login.Headers.CacheControl?.ToString());
        var session = await Web3TestClient.ReadObjectAsync(login);
        var token = (string)session["token"]!;
        Assert.Equal("Bearer", (string?)session["tokenType"]);
        Assert.Equal(wallet.Address.ToString(), (string?)session["address"]);
        Assert.Equal(1UL, (ulong)session["chainId"]!);
        Assert.Equal(["profile/read", "profile/write"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));

        var me = await Web3TestClient.ReadObjectAsync(await client.SendAsync(HttpMethod.Get, "/api/me", token));
        Assert.Equal($"eip155:1:{wallet.Address}", (string?)me["sub"]);
        Assert.Equal(wallet.Address.ToString(), (string?)me["address"]);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, "/api/profile", token)).StatusCode);
    }

    [Fact]
    public async Task The_challenge_is_a_server_built_message_that_lists_the_permissions_in_a_recap_resource_last()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(2);
        var now = app.Time.GetUtcNow();

        var challenge = await client.ChallengeAsync(wallet, ["profile/read", "notes/read"], lifetime: 600);
        var message = SiweMessage.Parse((string)challenge["message"]!);

        Assert.Equal("localhost", message.Domain);
        Assert.Equal("http://localhost", message.Uri);
        Assert.Equal(wallet.Address, message.Address);
        Assert.Equal(1UL, message.ChainId);
        Assert.Equal((string?)challenge["nonce"], message.Nonce);
        Assert.True(message.Nonce.Length >= 16);
        Assert.Equal(now.ToUnixTimeMilliseconds(), message.IssuedAt.Value.ToUnixTimeMilliseconds());
        Assert.Equal(now.AddSeconds(600).ToUnixTimeMilliseconds(), message.ExpirationTime!.Value.Value.ToUnixTimeMilliseconds());
        Assert.StartsWith("Sign in to the test app. I further authorize the stated URI to perform the following actions on my behalf:", message.Statement, StringComparison.Ordinal);
        Assert.Contains("'notes': 'read'", message.Statement, StringComparison.Ordinal);
        Assert.Contains("'profile': 'read'", message.Statement, StringComparison.Ordinal);

        Assert.True(ReCap.TryFromResources(message.Resources, out var recap, out _));
        Assert.Equal(["notes/read", "profile/read"], recap.GetAbilities("http://localhost").Order(StringComparer.Ordinal));
        Assert.StartsWith(ReCap.UriPrefix, message.Resources![^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_named_permissions_the_challenge_asks_for_those_granted_by_default()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var session = await client.SignInAsync(TestWallet.FromSeed(3));

        Assert.Equal(["notes/read", "profile/read"], session["permissions"]!.AsArray().Select(p => (string)p!["name"]!));
    }

    [Fact]
    public async Task The_requested_lifetime_is_capped_by_the_maximum_session_lifetime()
    {
        using var app = new Web3AppFactory { ConfigureOptions = o => o.MaxSessionLifetime = TimeSpan.FromHours(2) };
        using var client = app.CreateWeb3Client();
        var now = app.Time.GetUtcNow();

        var challenge = await client.ChallengeAsync(TestWallet.FromSeed(4), lifetime: 30 * 24 * 3600);

        Assert.Equal(now.AddHours(2).ToUnixTimeMilliseconds(), ((DateTimeOffset)challenge["sessionExpiresAt"]!).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task The_current_session_and_the_list_of_sessions_are_readable_without_revealing_tokens()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(5);
        var first = await client.SignInTokenAsync(wallet);
        var second = await client.SignInTokenAsync(wallet, ["profile/write"]);

        var current = await Web3TestClient.ReadObjectAsync(await client.SendAsync(HttpMethod.Get, "/auth/web3/session", second));
        Assert.Null(current["token"]);
        Assert.Equal(wallet.Address.ToString(), (string?)current["address"]);

        var listResponse = await client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", first);
        var list = System.Text.Json.Nodes.JsonNode.Parse(await listResponse.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(2, list.Count);
        Assert.Single(list, s => (bool)s!["current"]!);
        Assert.DoesNotContain(first, list.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(second, list.ToJsonString(), StringComparison.Ordinal);
    }
}
