using System.Net;
using System.Text.Json.Nodes;
using Web3Auth.Siwe;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Tests.SmartWallets.Evm;

/// <summary>
/// Sign-in with smart-contract wallets against a real EVM: TestSmartWallet (EIP-1271, one owner key) deployed, or
/// counterfactual through TestSmartWalletFactory with an EIP-6492 wrapped signature.
/// </summary>
[Collection(EvmCollection.Name)]
public sealed class EvmSignInTests(HardhatNode node, ITestOutputHelper output) : IDisposable
{
    private static int s_salt;

    private readonly List<IDisposable> _disposables = [];

    private Web3TestClient Client(Action<Web3SessionKeyOptions>? configure = null) => Client(out _, configure);

    private Web3TestClient Client(out Web3AppFactory app, Action<Web3SessionKeyOptions>? configure = null)
    {
        output.WriteLine($"EVM ready after {node.StartupTime.TotalSeconds:0.0} s (compile, start, deploy; once per run)");
        app = new Web3AppFactory
        {
            ConfigureOptions = o =>
            {
                o.AllowedChainIds.Add(HardhatNode.ChainId);
                o.ChainRpcUrls[HardhatNode.ChainId] = node.Url;
                configure?.Invoke(o);
            },
        };
        var client = app.CreateWeb3Client();
        _disposables.Add(client);
        _disposables.Add(app);
        return client;
    }

    private async Task<EthereumAddress> DeployWalletAsync(TestWallet owner) =>
        await node.DeployAsync([.. node.Contracts["TestSmartWallet"], .. Abi.Address(owner.Address)]);

    private async Task<(EthereumAddress Wallet, byte[] DeployCall)> CounterfactualWalletAsync(TestWallet owner)
    {
        var salt = Abi.Salt(Interlocked.Increment(ref s_salt));
        var wallet = Abi.ReadAddress(await node.CallAsync(node.Factory, Abi.Call("walletAddress(address,bytes32)", Abi.Address(owner.Address), salt)));
        Assert.Empty(await node.CodeAsync(wallet));
        return (wallet, Abi.Call("deploy(address,bytes32)", Abi.Address(owner.Address), salt));
    }

    private static async Task<string> MessageAsync(Web3TestClient client, EthereumAddress address) =>
        (string)(await client.ChallengeAsync(address, chainId: HardhatNode.ChainId))["message"]!;

    private static async Task<JsonObject> SignedInAsync(Web3TestClient client, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var token = (string)JsonNode.Parse(body)!["token"]!;
        var me = await Web3TestClient.ReadObjectAsync(await client.SendAsync(HttpMethod.Get, "/api/me", token));
        me["token"] = token;
        return me;
    }

    [Fact]
    public async Task A_deployed_eip1271_wallet_signs_in_with_its_owners_signature()
    {
        var client = Client();
        var owner = TestWallet.FromSeed(400);
        var wallet = await DeployWalletAsync(owner);
        var message = await MessageAsync(client, wallet);

        var me = await SignedInAsync(client, await client.SubmitAsync(message, owner.SignPersonalMessage(message)));

        Assert.Equal(Web3VerificationMethods.Eip1271, (string?)me["verification"]);
        Assert.Equal($"eip155:{HardhatNode.ChainId}:{wallet}", (string?)me["sub"]);
    }

    [Fact]
    public async Task A_deployed_wallet_refuses_the_signature_of_a_key_that_does_not_own_it()
    {
        var client = Client();
        var wallet = await DeployWalletAsync(TestWallet.FromSeed(401));
        var message = await MessageAsync(client, wallet);

        var response = await client.SubmitAsync(message, TestWallet.FromSeed(402).SignPersonalMessage(message));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(130)] // a two-owner Safe signature
    [InlineData(2000)]
    public async Task A_signature_the_wallet_cannot_read_makes_it_revert_which_is_invalid_not_an_outage(int length)
    {
        var client = Client();
        var wallet = await DeployWalletAsync(TestWallet.FromSeed(403));
        var message = await MessageAsync(client, wallet);

        var response = await client.SubmitAsync(message, Hex.Encode(Enumerable.Repeat((byte)0x5a, length).ToArray()));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task An_undeployed_wallet_signs_in_with_an_eip6492_signature_and_stays_undeployed()
    {
        var client = Client();
        var owner = TestWallet.FromSeed(404);
        var (wallet, deployCall) = await CounterfactualWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var signature = Erc6492.Wrap(node.Factory, deployCall, Convert.FromHexString(owner.SignPersonalMessage(message)[2..]));

        var me = await SignedInAsync(client, await client.SubmitAsync(message, Hex.Encode(signature)));

        Assert.Equal(Web3VerificationMethods.Eip6492, (string?)me["verification"]);
        Assert.Equal($"eip155:{HardhatNode.ChainId}:{wallet}", (string?)me["sub"]);
        Assert.Empty(await node.CodeAsync(wallet)); // the deployment happened inside eth_call only
    }

    [Fact]
    public async Task An_eip6492_signature_whose_factory_call_fails_is_invalid()
    {
        var client = Client();
        var owner = TestWallet.FromSeed(405);
        var (wallet, _) = await CounterfactualWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var reverting = Abi.Call("deploy(address,bytes32)", Abi.Address(EthereumAddress.Zero), Abi.Salt(1)); // the factory requires an owner

        var response = await client.SubmitAsync(message, Hex.Encode(Erc6492.Wrap(node.Factory, reverting, Convert.FromHexString(owner.SignPersonalMessage(message)[2..]))));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task An_eip6492_signature_whose_factory_deploys_another_wallet_is_invalid()
    {
        var client = Client();
        var owner = TestWallet.FromSeed(406);
        var (wallet, _) = await CounterfactualWalletAsync(owner);
        var (_, otherDeployCall) = await CounterfactualWalletAsync(owner); // same owner, another salt: another address
        var message = await MessageAsync(client, wallet);

        var response = await client.SubmitAsync(message, Hex.Encode(Erc6492.Wrap(node.Factory, otherDeployCall, Convert.FromHexString(owner.SignPersonalMessage(message)[2..]))));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task An_eip6492_signature_by_a_key_that_does_not_own_the_wallet_is_invalid()
    {
        var client = Client();
        var (wallet, deployCall) = await CounterfactualWalletAsync(TestWallet.FromSeed(407));
        var message = await MessageAsync(client, wallet);

        var response = await client.SubmitAsync(message, Hex.Encode(Erc6492.Wrap(node.Factory, deployCall, Convert.FromHexString(TestWallet.FromSeed(408).SignPersonalMessage(message)[2..]))));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task An_eip6492_signature_made_before_deployment_still_signs_in_after_it()
    {
        var client = Client();
        var owner = TestWallet.FromSeed(409);
        var (wallet, deployCall) = await CounterfactualWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var signature = Erc6492.Wrap(node.Factory, deployCall, Convert.FromHexString(owner.SignPersonalMessage(message)[2..]));
        await node.SendAsync(node.Factory, deployCall);
        Assert.NotEmpty(await node.CodeAsync(wallet));

        var me = await SignedInAsync(client, await client.SubmitAsync(message, Hex.Encode(signature)));

        Assert.Equal(Web3VerificationMethods.Eip6492, (string?)me["verification"]);
    }

    [Fact]
    public async Task An_eoa_on_the_same_chain_signs_in_by_ecrecover()
    {
        var client = Client();
        var eoa = TestWallet.FromSeed(410);
        var message = (string)(await client.ChallengeAsync(eoa, chainId: HardhatNode.ChainId))["message"]!;

        var me = await SignedInAsync(client, await client.SubmitAsync(message, eoa.SignPersonalMessage(message)));

        Assert.Equal(Web3VerificationMethods.Eoa, (string?)me["verification"]);
    }

    [Fact]
    public async Task An_unreachable_node_answers_503_chain_unavailable()
    {
        var closed = new Uri($"http://127.0.0.1:{HardhatNode.FreeLoopbackPort()}/");
        var client = Client(o => { o.ChainRpcUrls[HardhatNode.ChainId] = closed; o.ChainRpcRetries = 0; });
        var owner = TestWallet.FromSeed(411);
        var wallet = await DeployWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var ownersSignature = Convert.FromHexString(owner.SignPersonalMessage(message)[2..]);

        var response = await client.SubmitAsync(message, Hex.Encode([.. ownersSignature, .. ownersSignature])); // two-owner shape

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task An_unreachable_node_refuses_a_65_byte_signature_of_another_account_as_invalid_not_503()
    {
        var closed = new Uri($"http://127.0.0.1:{HardhatNode.FreeLoopbackPort()}/");
        var client = Client(o => { o.ChainRpcUrls[HardhatNode.ChainId] = closed; o.ChainRpcRetries = 0; });
        var owner = TestWallet.FromSeed(417);
        var wallet = await DeployWalletAsync(owner);
        var message = await MessageAsync(client, wallet);

        var response = await client.SubmitAsync(message, owner.SignPersonalMessage(message)); // valid once the chain answers: fail closed

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
        Assert.Contains($"signed by {owner.Address}, not by {wallet}", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_signature_by_another_account_for_an_address_without_code_names_the_signer()
    {
        var client = Client();
        var account = TestWallet.FromSeed(415);
        var signer = TestWallet.FromSeed(416);
        Assert.Empty(await node.CodeAsync(account.Address));
        var message = await MessageAsync(client, account.Address);

        var response = await client.SubmitAsync(message, signer.SignPersonalMessage(message));

        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
        Assert.Contains($"The message was signed by {signer.Address}, not by {account.Address}.", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_when_the_wallet_stops_accepting_the_key_that_signed_it()
    {
        var interval = TimeSpan.FromMinutes(5);
        var client = Client(out var app, o => o.SmartWalletRevalidationInterval = interval);
        var owner = TestWallet.FromSeed(412);
        var wallet = await DeployWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var token = (string)(await SignedInAsync(client, await client.SubmitAsync(message, owner.SignPersonalMessage(message))))["token"]!;

        app.Time.Advance(interval);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode); // re-checked: still the owner

        await node.SendAsync(wallet, Abi.Call("setOwner(address)", Abi.Address(TestWallet.FromSeed(413).Address)));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode); // not due: no chain call
        app.Time.Advance(interval);

        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/api/me", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task An_eip6492_session_is_re_checked_through_the_universal_validator()
    {
        var interval = TimeSpan.FromMinutes(5);
        var client = Client(out var app, o => o.SmartWalletRevalidationInterval = interval);
        var owner = TestWallet.FromSeed(414);
        var (wallet, deployCall) = await CounterfactualWalletAsync(owner);
        var message = await MessageAsync(client, wallet);
        var signature = Erc6492.Wrap(node.Factory, deployCall, Convert.FromHexString(owner.SignPersonalMessage(message)[2..]));
        var token = (string)(await SignedInAsync(client, await client.SubmitAsync(message, Hex.Encode(signature))))["token"]!;

        app.Time.Advance(interval);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode); // still counterfactual

        await node.SendAsync(node.Factory, deployCall);
        app.Time.Advance(interval);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode); // deployed: the live wallet decides
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }
    }
}
