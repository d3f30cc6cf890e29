using System.Net;
using System.Text;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class SignInErrorTests
{
    private static async Task<(Web3AppFactory App, Web3TestClient Client, TestWallet Wallet, SiweMessage Message)> IssueAsync(
        string[]? permissions = null, long? lifetime = null)
    {
        var app = new Web3AppFactory();
        var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(10);
        var challenge = await client.ChallengeAsync(wallet, permissions, lifetime);
        return (app, client, wallet, SiweMessage.Parse((string)challenge["message"]!));
    }

    private static async Task AssertTamperingRejectedAsync(Action<SiweMessageBuilder> tamper, string expectedError)
    {
        var (app, client, wallet, message) = await IssueAsync(["profile/read"]);
        using (app)
        using (client)
        {
            var builder = new SiweMessageBuilder(message);
            tamper(builder);
            var tampered = builder.ToMessage();

            var response = await client.SubmitAsync(tampered, wallet.SignPersonalMessage(tampered));

            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, expectedError);

            // The genuine message still works: a rejected attempt does not burn the nonce.
            var genuine = await client.SubmitAsync(message.ToString(), wallet.SignPersonalMessage(message.ToString()));
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        }
    }

    [Fact]
    public Task Widening_the_permissions_is_a_message_mismatch() => AssertTamperingRejectedAsync(
        b => b.Resources = [ReCap.ForAbilities("http://localhost", ["profile/read", "profile/write"]).ToResourceUri()],
        Web3ErrorCodes.MessageMismatch);

    [Fact]
    public Task Extending_the_expiry_is_a_message_mismatch() => AssertTamperingRejectedAsync(
        b => b.ExpirationTime = "2999-01-01T00:00:00Z", Web3ErrorCodes.MessageMismatch);

    [Fact]
    public Task Editing_the_statement_is_a_message_mismatch() => AssertTamperingRejectedAsync(
        b => b.Statement = "Something else.", Web3ErrorCodes.MessageMismatch);

    [Fact]
    public Task Switching_to_another_allowed_chain_is_a_message_mismatch() => AssertTamperingRejectedAsync(
        b => b.ChainId = 10, Web3ErrorCodes.MessageMismatch);

    [Fact]
    public Task Switching_to_a_chain_that_is_not_allowed_is_refused() => AssertTamperingRejectedAsync(
        b => b.ChainId = 5, Web3ErrorCodes.ChainNotAllowed);

    [Fact]
    public Task Another_domain_is_a_domain_mismatch() => AssertTamperingRejectedAsync(
        b => b.Domain = "evil.example", Web3ErrorCodes.DomainMismatch);

    [Fact]
    public Task A_uri_on_another_origin_is_a_uri_mismatch() => AssertTamperingRejectedAsync(
        b => b.Uri = "http://evil.example/login", Web3ErrorCodes.UriMismatch);

    [Fact]
    public Task A_nonce_the_server_never_issued_is_invalid() => AssertTamperingRejectedAsync(
        b => b.Nonce = "neverissued12345", Web3ErrorCodes.InvalidNonce);

    // An ordinary signature by another account is that account's: usually the wrong one selected in the wallet, so the
    // answer names it, with or without an endpoint (SmartWalletSignInTests, docs/smart-wallets.md).
    [Fact]
    public async Task A_signature_by_another_wallet_is_invalid_and_names_the_signer_when_the_chain_has_no_rpc_endpoint()
    {
        var (app, client, _, message) = await IssueAsync();
        using (app)
        using (client)
        {
            var signer = TestWallet.FromSeed(11);
            var response = await client.SubmitAsync(message.ToString(), signer.SignPersonalMessage(message.ToString()));
            var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
            Assert.Contains($"signed by {signer.Address}, not by {message.Address}", (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    // Without a JSON-RPC endpoint for the chain, bytes that are no ordinary signature may still be a smart-contract
    // wallet's: the answer says they could not be checked, not that they are forged (docs/smart-wallets.md).
    // With an endpoint, the same signatures are invalid_signature (SmartWalletSignInTests).

    [Theory]
    [InlineData("0x1234")]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001b")]
    public async Task Bytes_that_do_not_recover_to_the_address_are_refused_as_unverifiable_when_the_chain_has_no_rpc_endpoint(string signature)
    {
        var (app, client, _, message) = await IssueAsync();
        using (app)
        using (client)
        {
            var response = await client.SubmitAsync(message.ToString(), signature);
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.SmartWalletUnverifiable);
        }
    }

    [Theory]
    [InlineData("not hex at all")]
    [InlineData("0x")]
    [InlineData("0x123")]
    public async Task A_signature_that_is_not_hex_bytes_is_invalid(string signature)
    {
        var (app, client, _, message) = await IssueAsync();
        using (app)
        using (client)
        {
            var response = await client.SubmitAsync(message.ToString(), signature);
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
        }
    }

    [Fact]
    public async Task Text_that_is_not_an_eip4361_message_is_malformed()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(12);

        var response = await client.SubmitAsync("please let me in", wallet.SignPersonalMessage("please let me in"));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.MalformedMessage);
    }

    [Fact]
    public async Task A_message_signed_after_its_expiration_time_is_expired()
    {
        var (app, client, wallet, message) = await IssueAsync(lifetime: 60);
        using (app)
        using (client)
        {
            app.Time.Advance(TimeSpan.FromMinutes(3)); // past expiry + 1 min skew, within the 5 min challenge lifetime
            var response = await client.SubmitAsync(message.ToString(), wallet.SignPersonalMessage(message.ToString()));
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.MessageExpired);
        }
    }

    [Fact]
    public async Task A_message_issued_in_the_future_is_not_yet_valid()
    {
        var (app, client, wallet, message) = await IssueAsync();
        using (app)
        using (client)
        {
            app.Time.Advance(TimeSpan.FromMinutes(-10));
            var response = await client.SubmitAsync(message.ToString(), wallet.SignPersonalMessage(message.ToString()));
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.MessageNotYetValid);
        }
    }

    [Fact]
    public async Task A_challenge_older_than_its_lifetime_is_an_invalid_nonce()
    {
        var (app, client, wallet, message) = await IssueAsync(lifetime: 3600);
        using (app)
        using (client)
        {
            app.Time.Advance(TimeSpan.FromMinutes(6));
            var response = await client.SubmitAsync(message.ToString(), wallet.SignPersonalMessage(message.ToString()));
            await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
        }
    }

    [Theory]
    [InlineData("{\"message\":\"x\"}")]
    [InlineData("{\"signature\":\"0x00\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"message\":")]
    [InlineData("{\"message\":42,\"signature\":true}")]
    [InlineData("null")]
    public async Task A_session_body_of_the_wrong_shape_is_an_invalid_request(string body)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Post, "/auth/web3/session", body: body);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_form_post_is_refused_so_other_sites_cannot_drive_a_login()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        using var content = new StringContent("message=x&signature=y", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await client.Http.PostAsync("/auth/web3/session", content);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, Web3ErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("{\"address\":\"0x123\"}", Web3ErrorCodes.InvalidRequest)]
    [InlineData("{\"address\":\"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"}", Web3ErrorCodes.InvalidRequest)]
    [InlineData("{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"chainId\":5}", Web3ErrorCodes.ChainNotAllowed)]
    [InlineData("{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"permissions\":[\"admin/all\"]}", Web3ErrorCodes.UnknownPermission)]
    [InlineData("{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"lifetime\":0}", Web3ErrorCodes.InvalidRequest)]
    [InlineData("{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"chainId\":-1}", Web3ErrorCodes.InvalidRequest)]
    [InlineData("{\"address\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\",\"renew\":true}", Web3ErrorCodes.InvalidToken)]
    public async Task A_bad_challenge_request_gets_a_typed_error(string body, string error)
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Post, "/auth/web3/challenge", body: body);

        var expectedStatus = error == Web3ErrorCodes.InvalidToken ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        await Web3TestClient.AssertProblemAsync(response, expectedStatus, error);
    }
}
