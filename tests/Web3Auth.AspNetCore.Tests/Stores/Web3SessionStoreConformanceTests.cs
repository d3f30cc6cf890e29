using System.Security.Cryptography;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Stores;

/// <summary>
/// The contract every <see cref="IWeb3SessionStore"/> keeps (see its documentation). Each store gets a subclass that
/// only says how to create it; the tests are the same for all. The races through the HTTP API (a write held while
/// another runs, and a stress run) are in <see cref="Web3SessionRaceConformanceTests"/>.
/// </summary>
public abstract class Web3SessionStoreConformanceTests
{
    private const string Scheme = Web3AuthDefaults.AuthenticationScheme;

    protected ManualTimeProvider Time { get; } = new();

    protected abstract IWeb3SessionStore CreateStore();

    private static readonly EthereumAddress Alice = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly EthereumAddress Bob = EthereumAddress.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
    private static readonly Web3SessionOwner AliceOwner = new(Scheme, Alice);
    private static readonly Web3SessionOwner BobOwner = new(Scheme, Bob);

    private DateTimeOffset Now => Time.GetUtcNow();

    private Web3Session Session(EthereumAddress address, TimeSpan? lifetime = null, string scheme = Scheme) => new()
    {
        Id = SessionToken.NewSessionId(address),
        Scheme = scheme,
        Domain = "app.example.com",
        Address = address,
        ChainId = 1,
        Version = 1,
        TokenHash = RandomNumberGenerator.GetBytes(32),
        CreatedAt = Now,
        ExpiresAt = Now + (lifetime ?? TimeSpan.FromHours(1)),
        Permissions = [new Web3SessionPermission("profile/read", Now.AddHours(1)), new Web3SessionPermission("notes/read", Now.AddMinutes(10))],
        ClientHint = "Mozilla/5.0 (X11; Linux x86_64)",
    };

    private Task<int> CreateAsync(IWeb3SessionStore store, Web3Session session, int max = 50) => store.CreateSessionAsync(session, max, Now, default);

    [Fact]
    public async Task A_nonce_is_used_exactly_once_even_under_concurrency()
    {
        var store = CreateStore();
        var expires = Now.AddMinutes(5);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryUseOnceAsync(Scheme, "nonce:nonceBBBB2222", expires, Now, default))));

        Assert.Single(results, r => r);
        Assert.False(await store.TryUseOnceAsync(Scheme, "nonce:nonceBBBB2222", expires, Now, default));
        Assert.True(await store.TryUseOnceAsync("Admin", "nonce:nonceBBBB2222", expires, Now, default)); // another scheme's nonce space
    }

    [Fact]
    public async Task A_created_session_reads_back_unchanged_and_is_listed_under_its_owner_only()
    {
        var store = CreateStore();
        var session = Session(Alice);
        Assert.Equal(0, await CreateAsync(store, session));

        var found = await store.FindSessionAsync(AliceOwner, session.Id, Now, default);

        Assert.NotNull(found);
        Assert.Equal(session.Id, found.Id);
        Assert.Equal(session.Scheme, found.Scheme);
        Assert.Equal(session.Domain, found.Domain);
        Assert.Equal(session.Address, found.Address);
        Assert.Equal(1, found.Version);
        Assert.Equal(session.TokenHash, found.TokenHash);
        Assert.Equal(session.Permissions.Select(p => (p.Name, p.ExpiresAt.ToUnixTimeMilliseconds())), found.Permissions.Select(p => (p.Name, p.ExpiresAt.ToUnixTimeMilliseconds())));
        Assert.Equal(session.ClientHint, found.ClientHint);
        Assert.Equal(session.ExpiresAt.ToUnixTimeMilliseconds(), found.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.Equal([session.Id], (await store.ListSessionsAsync(AliceOwner, Now, default)).Select(s => s.Id));
        Assert.Empty(await store.ListSessionsAsync(BobOwner, Now, default));
        Assert.Null(await store.FindSessionAsync(BobOwner, session.Id, Now, default));
    }

    [Fact]
    public async Task Each_scheme_has_its_own_key_space()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await CreateAsync(store, session);
        var admin = new Web3SessionOwner("Admin", Alice);

        Assert.Null(await store.FindSessionAsync(admin, session.Id, Now, default));
        Assert.Empty(await store.ListSessionsAsync(admin, Now, default));
        Assert.Equal(0, await store.RemoveAllSessionsAsync(admin, Now, default));
        Assert.False(await store.RemoveSessionAsync(admin, session.Id, Now, default));
        Assert.False(await store.TryReplaceSessionAsync(session with { Scheme = "Admin", Version = 2 }, Now, default));
        Assert.NotNull(await store.FindSessionAsync(AliceOwner, session.Id, Now, default));
    }

    [Fact]
    public async Task A_smart_wallet_session_reads_back_with_its_verification_method_and_signature_proof()
    {
        var store = CreateStore();
        var wallet = Session(Bob) with
        {
            VerificationMethod = Web3VerificationMethods.Eip6492,
            SignatureProof = new Web3SignatureProof
            {
                MessageHash = RandomNumberGenerator.GetBytes(32),
                Signature = RandomNumberGenerator.GetBytes(700),
                VerifiedAt = Now,
            },
        };
        await CreateAsync(store, wallet);

        var found = await store.FindSessionAsync(BobOwner, wallet.Id, Now, default);

        Assert.Equal(Web3VerificationMethods.Eip6492, found?.VerificationMethod);
        Assert.NotNull(found!.SignatureProof);
        Assert.Equal(wallet.SignatureProof.MessageHash, found.SignatureProof.MessageHash);
        Assert.Equal(wallet.SignatureProof.Signature, found.SignatureProof.Signature);
        Assert.Equal(wallet.SignatureProof.VerifiedAt.ToUnixTimeMilliseconds(), found.SignatureProof.VerifiedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_replacement_is_written_only_over_the_version_it_was_made_from()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await CreateAsync(store, session);

        Assert.False(await store.TryReplaceSessionAsync(session with { Version = 1, Permissions = [] }, Now, default)); // not a next version
        Assert.False(await store.TryReplaceSessionAsync(session with { Version = 3, Permissions = [] }, Now, default)); // skips one
        Assert.True(await store.TryReplaceSessionAsync(session with { Version = 2, Permissions = [] }, Now, default));
        Assert.False(await store.TryReplaceSessionAsync(session with { Version = 2 }, Now, default)); // made from v1 again: lost

        var found = await store.FindSessionAsync(AliceOwner, session.Id, Now, default);
        Assert.Equal(2, found!.Version);
        Assert.Empty(found.Permissions);
    }

    [Fact]
    public async Task Of_concurrent_replacements_made_from_one_version_exactly_one_wins()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await CreateAsync(store, session);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Task.Run(() => store.TryReplaceSessionAsync(session with { Version = 2, ClientHint = "writer " + i }, Now, default))));

        Assert.Single(results, r => r);
        Assert.Equal(2, (await store.FindSessionAsync(AliceOwner, session.Id, Now, default))!.Version);
    }

    [Fact]
    public async Task A_removed_session_cannot_be_replaced_back_into_life()
    {
        var store = CreateStore();
        var session = Session(Alice);
        await CreateAsync(store, session);

        Assert.True(await store.RemoveSessionAsync(AliceOwner, session.Id, Now, default));
        Assert.False(await store.RemoveSessionAsync(AliceOwner, session.Id, Now, default));
        Assert.False(await store.TryReplaceSessionAsync(session with { Version = 2 }, Now, default));
        Assert.Null(await store.FindSessionAsync(AliceOwner, session.Id, Now, default));
        Assert.Empty(await store.ListSessionsAsync(AliceOwner, Now, default));
    }

    [Fact]
    public async Task Removing_all_sessions_of_an_owner_ends_them_and_no_replacement_brings_one_back()
    {
        var store = CreateStore();
        var alice1 = Session(Alice);
        var alice2 = Session(Alice);
        var bob = Session(Bob);
        foreach (var s in new[] { alice1, alice2, bob })
        {
            await CreateAsync(store, s);
        }

        Assert.Equal(2, await store.RemoveAllSessionsAsync(AliceOwner, Now, default));

        Assert.False(await store.TryReplaceSessionAsync(alice1 with { Version = 2 }, Now, default));
        Assert.Null(await store.FindSessionAsync(AliceOwner, alice1.Id, Now, default));
        Assert.Null(await store.FindSessionAsync(AliceOwner, alice2.Id, Now, default));
        Assert.NotNull(await store.FindSessionAsync(BobOwner, bob.Id, Now, default));
        Assert.Empty(await store.ListSessionsAsync(AliceOwner, Now, default));
        Assert.Equal(0, await store.RemoveAllSessionsAsync(AliceOwner, Now, default));
    }

    [Fact]
    public async Task Expired_sessions_are_neither_found_listed_nor_replaced()
    {
        var store = CreateStore();
        var shortLived = Session(Alice, TimeSpan.FromMinutes(1));
        var longLived = Session(Alice, TimeSpan.FromHours(1));
        await CreateAsync(store, shortLived);
        await CreateAsync(store, longLived);

        Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await store.FindSessionAsync(AliceOwner, shortLived.Id, Now, default));
        Assert.False(await store.TryReplaceSessionAsync(shortLived with { Version = 2, ExpiresAt = Now.AddHours(1) }, Now, default));
        Assert.Equal([longLived.Id], (await store.ListSessionsAsync(AliceOwner, Now, default)).Select(s => s.Id));
        Assert.Equal(1, await store.RemoveAllSessionsAsync(AliceOwner, Now, default));
    }

    [Fact]
    public async Task Concurrent_sign_ins_of_one_owner_are_all_listed()
    {
        var store = CreateStore();
        var sessions = Enumerable.Range(0, 40).Select(_ => Session(Alice)).ToArray();

        await Task.WhenAll(sessions.Select(s => Task.Run(() => CreateAsync(store, s))));

        Assert.Equal(sessions.Select(s => s.Id).Order(), (await store.ListSessionsAsync(AliceOwner, Now, default)).Select(s => s.Id).Order());
        Assert.Equal(40, await store.RemoveAllSessionsAsync(AliceOwner, Now, default));
    }

    [Fact]
    public async Task At_the_cap_a_sign_in_ends_the_sessions_closest_to_their_end()
    {
        var store = CreateStore();
        var soonest = Session(Alice, TimeSpan.FromMinutes(10));
        var middle = Session(Alice, TimeSpan.FromMinutes(20));
        var latest = Session(Alice, TimeSpan.FromMinutes(30));
        Assert.Equal(0, await CreateAsync(store, soonest, max: 2));
        Assert.Equal(0, await CreateAsync(store, middle, max: 2));

        Assert.Equal(1, await CreateAsync(store, latest, max: 2));

        Assert.Null(await store.FindSessionAsync(AliceOwner, soonest.Id, Now, default));
        Assert.Equal(new[] { middle.Id, latest.Id }.Order(), (await store.ListSessionsAsync(AliceOwner, Now, default)).Select(s => s.Id).Order());
    }
}
