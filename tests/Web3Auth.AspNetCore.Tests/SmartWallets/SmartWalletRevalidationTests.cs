using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

/// <summary>
/// <c>SmartWalletRevalidationInterval</c> with a scripted endpoint: when the wallet is asked again, and what each
/// answer does to the session. The wallet changing its mind for real is tested against Hardhat (EvmSignInTests).
/// </summary>
public class SmartWalletRevalidationTests
{
    private static readonly EthereumAddress ContractWallet = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private sealed class Wallet : IDisposable
    {
        public FakeChainRpc Rpc { get; } = new();

        public bool Accepts { get; set; } = true;

        public Web3AppFactory App { get; }

        public Web3TestClient Client { get; }

        public Wallet(TimeSpan? interval)
        {
            Rpc.Answer = (method, _) => method == "eth_getCode"
                ? FakeChainRpc.Result("0x6080")
                : Accepts ? FakeChainRpc.Accepts() : FakeChainRpc.Result("0x" + new string('0', 64));
            App = new Web3AppFactory
            {
                ConfigureOptions = o =>
                {
                    o.ChainRpcUrls[1] = new Uri(FakeChainRpc.Url);
                    o.SmartWalletRevalidationInterval = interval;
                },
                ConfigureServices = Rpc.AddTo,
            };
            Client = App.CreateWeb3Client();
        }

        public async Task<string> SignInAsync()
        {
            var message = (string)(await Client.ChallengeAsync(ContractWallet))["message"]!;
            var response = await Client.SubmitAsync(message, "0x" + new string('b', 130));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!;
        }

        public Task<HttpResponseMessage> UseAsync(string token) => Client.SendAsync(HttpMethod.Get, "/api/me", token);

        public Task<Web3Session?> StoredSessionAsync(string token) =>
            SessionToken.TryParse(token, out var id, out var address, out _)
                ? App.Services.GetRequiredService<IWeb3SessionStore>().FindSessionAsync(new Web3SessionOwner(Web3AuthDefaults.AuthenticationScheme, address), id, App.Time.GetUtcNow(), default)
                : Task.FromResult<Web3Session?>(null);

        public void Dispose()
        {
            Client.Dispose();
            App.Dispose();
            Rpc.Dispose();
        }
    }

    [Fact]
    public async Task A_smart_wallet_session_keeps_the_signed_hash_and_signature_to_ask_again()
    {
        using var wallet = new Wallet(Interval);
        var message = (string)(await wallet.Client.ChallengeAsync(ContractWallet))["message"]!;
        var token = (string)(await Web3TestClient.ReadObjectAsync(await wallet.Client.SubmitAsync(message, "0x" + new string('b', 130))))["token"]!;

        var session = await wallet.StoredSessionAsync(token);

        Assert.NotNull(session?.SignatureProof);
        Assert.Equal(Web3VerificationMethods.Eip1271, session.VerificationMethod);
        Assert.Equal(PersonalMessage.Hash(message), session.SignatureProof.MessageHash);
        Assert.Equal(Enumerable.Repeat((byte)0xbb, 65), session.SignatureProof.Signature);
        Assert.Equal(wallet.App.Time.GetUtcNow().ToUnixTimeMilliseconds(), session.SignatureProof.VerifiedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Requests_within_the_interval_do_not_ask_the_chain()
    {
        using var wallet = new Wallet(Interval);
        var token = await wallet.SignInAsync();
        wallet.Rpc.Calls.Clear();

        for (var i = 0; i < 5; i++)
        {
            wallet.App.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
        }

        Assert.Empty(wallet.Rpc.Calls);
    }

    [Fact]
    public async Task When_the_interval_has_passed_the_wallet_is_asked_once_and_the_session_goes_on_while_it_accepts()
    {
        using var wallet = new Wallet(Interval);
        var token = await wallet.SignInAsync();
        wallet.Rpc.Calls.Clear();

        wallet.App.Time.Advance(Interval);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => wallet.UseAsync(token)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, wallet.Rpc.CallsTo("eth_call")); // concurrent requests share one check
        var afterCheck = wallet.Rpc.Calls.Count;
        wallet.App.Time.Advance(Interval / 2);
        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
        Assert.Equal(afterCheck, wallet.Rpc.Calls.Count);
    }

    [Fact]
    public async Task A_wallet_that_no_longer_accepts_the_signature_ends_the_session()
    {
        using var wallet = new Wallet(Interval);
        var token = await wallet.SignInAsync();

        wallet.Accepts = false;
        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode); // not due yet
        wallet.App.Time.Advance(Interval);

        await Web3TestClient.AssertProblemAsync(await wallet.UseAsync(token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        wallet.Accepts = true;
        await Web3TestClient.AssertProblemAsync(await wallet.UseAsync(token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken); // ended, not suspended
    }

    [Fact]
    public async Task A_check_that_cannot_reach_the_chain_answers_503_and_the_session_survives_the_outage()
    {
        using var wallet = new Wallet(Interval);
        var token = await wallet.SignInAsync();
        wallet.App.Time.Advance(Interval);
        wallet.Rpc.Failure = FakeChainRpc.Refused;

        var response = await wallet.UseAsync(token);

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.ChainUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        wallet.Rpc.Failure = null;
        wallet.App.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
    }

    [Fact]
    public async Task Without_the_option_smart_wallet_sessions_are_not_re_checked_and_keep_no_signature()
    {
        using var wallet = new Wallet(interval: null);
        var token = await wallet.SignInAsync();
        wallet.Accepts = false;
        wallet.Rpc.Calls.Clear();

        wallet.App.Time.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
        Assert.Empty(wallet.Rpc.Calls);
        Assert.Null((await wallet.StoredSessionAsync(token))!.SignatureProof);
    }

    [Fact]
    public async Task Eoa_sessions_are_never_re_checked()
    {
        using var wallet = new Wallet(Interval);
        wallet.Rpc.Failure = FakeChainRpc.Refused;
        var token = await wallet.Client.SignInTokenAsync(TestWallet.FromSeed(310));

        wallet.App.Time.Advance(Interval * 3);

        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
        Assert.Empty(wallet.Rpc.Calls);
        Assert.Null((await wallet.StoredSessionAsync(token))!.SignatureProof);
    }

    [Fact]
    public async Task A_smart_wallet_session_created_while_revalidation_was_off_ends_at_its_first_check()
    {
        using var wallet = new Wallet(Interval);
        var token = await wallet.SignInAsync();
        var store = wallet.App.Services.GetRequiredService<IWeb3SessionStore>();
        var session = (await wallet.StoredSessionAsync(token))!;
        Assert.True(await store.TryReplaceSessionAsync(session with { Version = session.Version + 1, SignatureProof = null }, wallet.App.Time.GetUtcNow(), default));

        wallet.App.Time.Advance(Interval / 2);
        Assert.Equal(HttpStatusCode.OK, (await wallet.UseAsync(token)).StatusCode);
        wallet.App.Time.Advance(Interval / 2);

        await Web3TestClient.AssertProblemAsync(await wallet.UseAsync(token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }
}
