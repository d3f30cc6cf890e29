using System.Net;
using System.Text.Json.Nodes;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

/// <summary>
/// The sign-in flow around smart-contract wallets with a scripted JSON-RPC endpoint: which signatures reach the chain,
/// and what each failure answers. What real contracts answer is tested against Hardhat (EvmSignInTests).
/// </summary>
public class SmartWalletSignInTests
{
    private static readonly EthereumAddress ContractWallet = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private static Web3AppFactory App(FakeChainRpc? rpc, Action<Web3SessionKeyOptions>? configure = null) => new()
    {
        ConfigureOptions = o =>
        {
            if (rpc is not null)
            {
                o.ChainRpcUrls[1] = new Uri(FakeChainRpc.Url);
            }

            configure?.Invoke(o);
        },
        ConfigureServices = s => rpc?.AddTo(s),
    };

    // A contract wallet that accepts any signature whose first byte is 0x01, like a wallet with its own scheme would.
    private static FakeChainRpc WalletContract() => new()
    {
        Answer = (method, parameters) => method switch
        {
            "eth_getCode" => FakeChainRpc.Result((string?)parameters[0] == ContractWallet.ToLowercaseString() ? "0x6080" : "0x"),
            "eth_call" when ((string)parameters[0]!["data"]!).StartsWith("0x1626ba7e", StringComparison.Ordinal) =>
                ((string)parameters[0]!["data"]!)[(2 + 8 + 64 + 64 + 64)..].StartsWith("01", StringComparison.Ordinal)
                    ? FakeChainRpc.Accepts()
                    : FakeChainRpc.Result("0xffffffff" + new string('0', 56)),
            _ => FakeChainRpc.Error(-32601, "method not found"),
        },
    };

    private static async Task<JsonObject> MeAsync(Web3TestClient client, string token) =>
        await Web3TestClient.ReadObjectAsync(await client.SendAsync(HttpMethod.Get, "/api/me", token));

    // The answer to an ordinary signature by the wrong account: 401 invalid_signature naming, in EIP-55, who signed.
    private static async Task AssertSignedByAnotherAccountAsync(HttpResponseMessage response, TestWallet signer, EthereumAddress address)
    {
        var problem = await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
        var detail = (string)problem["detail"]!;
        Assert.Contains($"signed by {signer.Address}, not by {address}", detail, StringComparison.Ordinal);
        Assert.Contains($"Select the account {address}", detail, StringComparison.Ordinal);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task An_eoa_signs_in_with_no_rpc_endpoint_configured()
    {
        using var app = App(rpc: null);
        using var client = app.CreateWeb3Client();

        var token = await client.SignInTokenAsync(TestWallet.FromSeed(300));

        Assert.Equal(Web3VerificationMethods.Eoa, (string?)(await MeAsync(client, token))["verification"]);
    }

    [Fact]
    public async Task An_eoa_signs_in_without_a_chain_call_even_while_the_endpoint_is_down()
    {
        using var rpc = new FakeChainRpc { Failure = FakeChainRpc.Refused };
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();

        var token = await client.SignInTokenAsync(TestWallet.FromSeed(301));

        Assert.Equal(Web3VerificationMethods.Eoa, (string?)(await MeAsync(client, token))["verification"]);
        Assert.Empty(rpc.Calls);
    }

    [Fact]
    public async Task A_contract_wallet_that_accepts_the_signature_signs_in_with_the_eip1271_claim()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, "0x01" + new string('a', 260)); // 131 bytes, like a two-owner multisig

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!;
        var me = await MeAsync(client, token);
        Assert.Equal(Web3VerificationMethods.Eip1271, (string?)me["verification"]);
        Assert.Equal("eip155:1:" + ContractWallet, (string?)me["sub"]);
    }

    [Fact]
    public async Task A_signature_the_contract_wallet_refuses_is_invalid()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, "0x02" + new string('a', 128));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task A_signature_by_another_account_for_an_address_without_code_is_invalid_and_names_the_signer()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(302);
        var signer = TestWallet.FromSeed(303);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;

        var response = await client.SubmitAsync(message, signer.SignPersonalMessage(message));

        await AssertSignedByAnotherAccountAsync(response, signer, wallet.Address);
        Assert.Equal(1, rpc.CallsTo("eth_getCode"));
        Assert.Equal(0, rpc.CallsTo("eth_call"));
    }

    [Fact]
    public async Task A_signature_by_another_account_with_no_endpoint_configured_is_invalid_and_names_the_signer()
    {
        using var app = App(rpc: null);
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(304);
        var signer = TestWallet.FromSeed(305);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;

        var response = await client.SubmitAsync(message, signer.SignPersonalMessage(message));

        await AssertSignedByAnotherAccountAsync(response, signer, wallet.Address);
    }

    [Fact]
    public async Task A_signature_by_another_account_while_the_endpoint_is_down_is_invalid_not_503()
    {
        using var rpc = WalletContract();
        rpc.Failure = FakeChainRpc.Refused;
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(306);
        var signer = TestWallet.FromSeed(307);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;

        var first = await client.SubmitAsync(message, signer.SignPersonalMessage(message));
        var failingFast = await client.SubmitAsync(message, signer.SignPersonalMessage(message)); // within the retry delay: no call

        await AssertSignedByAnotherAccountAsync(first, signer, wallet.Address);
        await AssertSignedByAnotherAccountAsync(failingFast, signer, wallet.Address);
        Assert.NotEqual(0, rpc.CallsTo("eth_chainId"));
        Assert.Equal(0, rpc.CallsTo("eth_call"));
    }

    [Fact]
    public async Task A_65_byte_signature_of_another_account_for_a_contract_address_is_still_asked_through_eip1271()
    {
        using var rpc = new FakeChainRpc
        {
            Answer = (method, _) => method == "eth_getCode" ? FakeChainRpc.Result("0x6080") : FakeChainRpc.Accepts(), // a wallet owned by the signer
        };
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, TestWallet.FromSeed(308).SignPersonalMessage(message));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await MeAsync(client, (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!);
        Assert.Equal(Web3VerificationMethods.Eip1271, (string?)me["verification"]);
        Assert.Equal(1, rpc.CallsTo("eth_getCode"));
        Assert.Equal(1, rpc.CallsTo("eth_call"));
    }

    [Fact]
    public async Task A_65_byte_signature_for_a_contract_address_whose_chain_went_down_is_invalid_not_503_even_with_its_code_remembered()
    {
        using var rpc = new FakeChainRpc { Answer = (method, _) => method == "eth_getCode" ? FakeChainRpc.Result("0x6080") : FakeChainRpc.Accepts() };
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var owner = TestWallet.FromSeed(312);
        var first = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(first, owner.SignPersonalMessage(first))).StatusCode); // "has code" now remembered
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;
        rpc.Failure = FakeChainRpc.Refused;

        var response = await client.SubmitAsync(message, owner.SignPersonalMessage(message));

        await AssertSignedByAnotherAccountAsync(response, owner, ContractWallet);
        Assert.Contains("could not be reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, rpc.CallsTo("eth_getCode"));
        Assert.True(rpc.CallsTo("eth_call") > 1); // after the first sign-in's, the EIP-1271 call was tried, and failed
    }

    [Fact]
    public async Task The_code_check_is_answered_from_memory_for_a_minute()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(309);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;
        var junk = "0x02" + new string('a', 260); // not an ordinary signature: the smart-wallet path, as anyone may send

        for (var i = 0; i < 5; i++)
        {
            await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, junk), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
            app.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var signer = TestWallet.FromSeed(311);
        await AssertSignedByAnotherAccountAsync(await client.SubmitAsync(message, signer.SignPersonalMessage(message)), signer, wallet.Address);
        Assert.Equal(1, rpc.CallsTo("eth_getCode")); // 50 s: six requests, one call

        app.Time.Advance(TimeSpan.FromSeconds(10));
        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, junk), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
        Assert.Equal(2, rpc.CallsTo("eth_getCode"));
    }

    [Fact]
    public async Task A_contract_signature_on_a_chain_without_an_endpoint_is_unverifiable()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet, chainId: 10))["message"]!; // endpoint only for chain 1

        var response = await client.SubmitAsync(message, "0x01" + new string('a', 128));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.SmartWalletUnverifiable);
        Assert.Empty(rpc.Calls);
    }

    [Fact]
    public async Task An_eip6492_signature_without_an_endpoint_is_unverifiable_and_a_malformed_one_is_invalid()
    {
        using var app = App(rpc: null);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;
        var wrapped = Erc6492.Wrap(ContractWallet, [0x01], new byte[65]);

        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, Hex.Encode(wrapped)), HttpStatusCode.Unauthorized, Web3ErrorCodes.SmartWalletUnverifiable);
        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(message, Hex.Encode([0x00, .. Erc6492.MagicSuffix])), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidSignature);
    }

    [Fact]
    public async Task Only_a_message_this_server_issued_reaches_the_chain()
    {
        using var rpc = WalletContract();
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var issued = SiweMessage.Parse((string)(await client.ChallengeAsync(ContractWallet))["message"]!);
        var madeUp = new SiweMessageBuilder(issued) { Nonce = "madeupnonce123" }.ToMessage();
        var edited = new SiweMessageBuilder(issued) { Statement = "Something else." }.ToMessage();

        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(madeUp, "0x01" + new string('a', 128)), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
        await Web3TestClient.AssertProblemAsync(await client.SubmitAsync(edited, "0x01" + new string('a', 128)), HttpStatusCode.Unauthorized, Web3ErrorCodes.MessageMismatch);
        Assert.Empty(rpc.Calls);
    }

    [Fact]
    public async Task An_unreachable_endpoint_answers_503_with_retry_after_and_leaves_the_challenge_usable()
    {
        using var rpc = WalletContract();
        rpc.Failure = FakeChainRpc.Refused;
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, "0x01" + new string('a', 128));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());

        rpc.Failure = null;
        app.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync(message, "0x01" + new string('a', 128))).StatusCode);
    }

    [Fact]
    public async Task A_slow_endpoint_answers_503_not_500()
    {
        using var rpc = WalletContract();
        rpc.Failure = FakeChainRpc.Hangs;
        using var app = App(rpc, o => { o.ChainRpcTimeout = TimeSpan.FromMilliseconds(200); o.ChainRpcRetries = 0; });
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, "0x01" + new string('a', 128));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
    }

    [Fact]
    public async Task An_endpoint_of_another_chain_answers_503_rather_than_checking_the_wrong_chain()
    {
        using var rpc = WalletContract();
        rpc.ChainId = 10;
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, "0x01" + new string('a', 128));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
        Assert.Equal(0, rpc.CallsTo("eth_call"));
    }

    [Fact]
    public async Task A_node_that_gives_no_one_byte_answer_to_the_universal_validator_is_an_outage_not_an_answer()
    {
        using var rpc = new FakeChainRpc { Answer = (_, _) => FakeChainRpc.Result("0x0101") };
        using var app = App(rpc);
        using var client = app.CreateWeb3Client();
        var message = (string)(await client.ChallengeAsync(ContractWallet))["message"]!;

        var response = await client.SubmitAsync(message, Hex.Encode(Erc6492.Wrap(ContractWallet, [0x01], new byte[65])));

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
    }
}
