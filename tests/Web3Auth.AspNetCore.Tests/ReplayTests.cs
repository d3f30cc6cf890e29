using System.Net;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class ReplayTests
{
    [Fact]
    public async Task The_same_signed_message_twice_yields_one_session()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(20);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;
        var signature = wallet.SignPersonalMessage(message);

        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(message, signature)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, signature), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
    }

    [Fact]
    public async Task Fifty_concurrent_submissions_of_one_signed_message_yield_exactly_one_session()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(21);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;
        var signature = wallet.SignPersonalMessage(message);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.SubmitAsync(message, signature))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var token = (string)(await Web3TestClient.ReadObjectAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK)))["token"]!;
        var sessions = System.Text.Json.Nodes.JsonNode.Parse(await (await client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", token)).Content.ReadAsStringAsync())!.AsArray();
        Assert.Single(sessions);
    }
}
