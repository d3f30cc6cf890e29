using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="IWeb3SessionStore"/> must have. Each store gets a subclass that only says how to
/// create it; the tests are the same for all.
/// </summary>
public abstract class Web3SessionStoreConformanceTests
{
    protected ManualTimeProvider Time { get; } = new();

    protected abstract IWeb3SessionStore CreateStore();

    private static readonly EthereumAddress Alice = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly EthereumAddress Bob = EthereumAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    private Web3Challenge Challenge(string nonce, TimeSpan? lifetime = null) => new()
    {
        Nonce = nonce,
        Message = "message for " + nonce,
        Address = Alice,
        ChainId = 1,
        Permissions = [new Web3SessionPermission("profile/read", Time.GetUtcNow().AddHours(1))],
        SessionExpiresAt = Time.GetUtcNow().AddHours(1),
        ExpiresAt = Time.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(5)),
    };

    private Web3Session Session(EthereumAddress address, TimeSpan? lifetime = null) => new()
    {
        Id = SessionToken.NewSessionId(),
        Address = address,
        ChainId = 1,
        TokenHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
        CreatedAt = Time.GetUtcNow(),
        ExpiresAt = Time.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)),
        Permissions = [new Web3SessionPermission("profile/read", Time.GetUtcNow().AddHours(1)), new Web3SessionPermission("notes/read", Time.GetUtcNow().AddMinutes(10))],
        ClientHint = "Mozilla/5.0 (X11; Linux x86_64)",
    };

    [Fact]
    public async Task A_saved_challenge_reads_back_unchanged()
    {
        var store = CreateStore();
        var challenge = Challenge("nonceAAAA1111");
        await store.SaveChallengeAsync(challenge, default);

        var found = await store.FindChallengeAsync(challenge.Nonce, default);

        Assert.NotNull(found);
        Assert.Equal(challenge.Message, found.Message);
        Assert.Equal(challenge.Address, found.Address);
        Assert.Equal(challenge.Permissions, found.Permissions);
        Assert.Equal(challenge.ExpiresAt.ToUnixTimeMilliseconds(), found.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.Null(await store.FindChallengeAsync("unknownnonce", default));
    }

    [Fact]
    public async Task A_challenge_is_consumed_exactly_once_even_under_concurrency()
    {
        var store = CreateStore();
        await store.SaveChallengeAsync(Challenge("nonceBBBB2222"), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryConsumeChallengeAsync("nonceBBBB2222", default))));

        Assert.Single(results, r => r);
        Assert.False(await store.TryConsumeChallengeAsync("nonceBBBB2222", default));
        Assert.Null(await store.FindChallengeAsync("nonceBBBB2222", default));
    }

    [Fact]
    public async Task An_expired_challenge_can_be_neither_found_nor_consumed()
    {
        var store = CreateStore();
        await store.SaveChallengeAsync(Challenge("nonceCCCC3333", TimeSpan.FromMinutes(5)), default);

        Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1));

        Assert.Null(await store.FindChallengeAsync("nonceCCCC3333", default));
        Assert.False(await store.TryConsumeChallengeAsync("nonceCCCC3333", default));
    }

    [Fact]
    public async Task A_created_session_reads_back_unchanged_and_is_listed_under_its_address()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await store.CreateSessionAsync(session, default);

        var found = await store.FindSessionAsync(session.Id, default);

        Assert.NotNull(found);
        Assert.Equal(session.Address, found.Address);
        Assert.Equal(session.TokenHash, found.TokenHash);
        Assert.Equal(session.Permissions, found.Permissions);
        Assert.Equal(session.ClientHint, found.ClientHint);
        Assert.Equal(session.ExpiresAt.ToUnixTimeMilliseconds(), found.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.Equal([session.Id], (await store.ListSessionsAsync(Alice, default)).Select(s => s.Id));
        Assert.Empty(await store.ListSessionsAsync(Bob, default));
    }

    [Fact]
    public async Task A_smart_wallet_session_reads_back_with_its_verification_method_and_signature_proof()
    {
        var store = CreateStore();
        var eoa = Session(Alice);
        var wallet = Session(Bob) with
        {
            VerificationMethod = Web3VerificationMethods.Eip6492,
            SignatureProof = new Web3SignatureProof
            {
                MessageHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
                Signature = System.Security.Cryptography.RandomNumberGenerator.GetBytes(700),
                VerifiedAt = Time.GetUtcNow(),
            },
        };
        await store.CreateSessionAsync(eoa, default);
        await store.CreateSessionAsync(wallet, default);

        var foundEoa = await store.FindSessionAsync(eoa.Id, default);
        var foundWallet = await store.FindSessionAsync(wallet.Id, default);

        Assert.Equal(Web3VerificationMethods.Eoa, foundEoa?.VerificationMethod);
        Assert.Null(foundEoa!.SignatureProof);
        Assert.Equal(Web3VerificationMethods.Eip6492, foundWallet?.VerificationMethod);
        Assert.NotNull(foundWallet!.SignatureProof);
        Assert.Equal(wallet.SignatureProof.MessageHash, foundWallet.SignatureProof.MessageHash);
        Assert.Equal(wallet.SignatureProof.Signature, foundWallet.SignatureProof.Signature);
        Assert.Equal(wallet.SignatureProof.VerifiedAt.ToUnixTimeMilliseconds(), foundWallet.SignatureProof.VerifiedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_replaced_session_keeps_its_id_and_a_removed_one_cannot_be_replaced()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await store.CreateSessionAsync(session, default);

        Assert.True(await store.ReplaceSessionAsync(session with { Permissions = [] }, default));
        Assert.Empty((await store.FindSessionAsync(session.Id, default))!.Permissions);

        Assert.True(await store.RemoveSessionAsync(session.Id, default));
        Assert.False(await store.RemoveSessionAsync(session.Id, default));
        Assert.False(await store.ReplaceSessionAsync(session, default));
        Assert.Null(await store.FindSessionAsync(session.Id, default));
        Assert.Empty(await store.ListSessionsAsync(Alice, default));
    }

    [Fact]
    public async Task Removing_all_sessions_of_an_address_leaves_other_addresses_alone()
    {
        var store = CreateStore();
        var alice1 = Session(Alice);
        var alice2 = Session(Alice);
        var bob = Session(Bob);
        foreach (var s in new[] { alice1, alice2, bob })
        {
            await store.CreateSessionAsync(s, default);
        }

        Assert.Equal(2, await store.RemoveAllSessionsAsync(Alice, default));

        Assert.Null(await store.FindSessionAsync(alice1.Id, default));
        Assert.Null(await store.FindSessionAsync(alice2.Id, default));
        Assert.NotNull(await store.FindSessionAsync(bob.Id, default));
        Assert.Empty(await store.ListSessionsAsync(Alice, default));
        Assert.Equal(0, await store.RemoveAllSessionsAsync(Alice, default));
    }

    [Fact]
    public async Task Expired_sessions_are_neither_found_nor_listed()
    {
        var store = CreateStore();
        var shortLived = Session(Alice, TimeSpan.FromMinutes(1));
        var longLived = Session(Alice, TimeSpan.FromHours(1));
        await store.CreateSessionAsync(shortLived, default);
        await store.CreateSessionAsync(longLived, default);

        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await store.FindSessionAsync(shortLived.Id, default));
        Assert.Equal([longLived.Id], (await store.ListSessionsAsync(Alice, default)).Select(s => s.Id));
    }

    [Fact]
    public async Task Concurrent_logins_of_one_address_are_all_indexed()
    {
        var store = CreateStore();
        var sessions = Enumerable.Range(0, 40).Select(_ => Session(Alice)).ToArray();

        await Task.WhenAll(sessions.Select(s => Task.Run(() => store.CreateSessionAsync(s, default))));

        Assert.Equal(sessions.Select(s => s.Id).Order(), (await store.ListSessionsAsync(Alice, default)).Select(s => s.Id).Order());
        Assert.Equal(40, await store.RemoveAllSessionsAsync(Alice, default));
    }
}
