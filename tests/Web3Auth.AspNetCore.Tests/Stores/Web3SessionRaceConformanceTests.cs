using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Stores;

/// <summary>
/// The review's lost-update races, through the HTTP API, for every store: each pair of operations with a
/// deterministic interleaving (one operation's write held by <see cref="PausingStore"/> until the other has finished),
/// and a stress run of hundreds of mixed operations over every node the store offers. The promise under test: a
/// revocation answered 204 is never undone, and a token rotated out by a renewal never works again.
/// </summary>
public abstract class Web3SessionRaceConformanceTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>One store per app node, all over the same backing service (one element for a single-node store).</summary>
    protected abstract IReadOnlyList<IWeb3SessionStore> CreateNodes();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private (PausingStore Store, Web3TestClient Client)[] StartNodes()
    {
        var keys = new EphemeralDataProtectionProvider();
        return CreateNodes().Select(node =>
        {
            var store = new PausingStore(node);
            var app = new Web3AppFactory { Store = store, Time = Time, DataProtection = keys };
            var client = app.CreateWeb3Client();
            _owned.Add(app);
            _owned.Add(client);
            return (store, client);
        }).ToArray();
    }

    private static async Task<JsonObject> SessionAsync(Web3TestClient client, string token)
    {
        var response = await client.SendAsync(HttpMethod.Get, "/auth/web3/session", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Web3TestClient.ReadObjectAsync(response);
    }

    private static async Task<string[]> PermissionsAsync(Web3TestClient client, string token) =>
        (await SessionAsync(client, token))["permissions"]!.AsArray().Select(p => (string)p!["name"]!).Order().ToArray();

    private static Task<HttpResponseMessage> RevokePermissionAsync(Web3TestClient client, string token, string permission) =>
        client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/" + permission, token);

    private static async Task AssertDeadAsync(Web3TestClient client, string token) =>
        await Web3TestClient.AssertProblemAsync(await client.SendAsync(HttpMethod.Get, "/auth/web3/session", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);

    // The renewal message is issued first (with the old token), so the held write is the renewal's own.
    private static async Task<(string Message, string Signature)> RenewalAsync(Web3TestClient client, TestWallet wallet, string token)
    {
        var message = (string)(await client.ChallengeAsync(wallet, renew: true, token: token))["message"]!;
        return (message, wallet.SignPersonalMessage(message));
    }

    [Fact]
    public async Task Two_permission_revocations_both_hold_when_one_write_waits_for_the_other()
    {
        var (store, client) = StartNodes()[0];
        var token = await client.SignInTokenAsync(TestWallet.FromSeed(900), ["profile/read", "profile/write", "notes/read"]);

        var held = store.PauseNextReplace();
        var first = RevokePermissionAsync(client, token, "profile/write");
        await held.Reached;
        Assert.Equal(HttpStatusCode.NoContent, (await RevokePermissionAsync(client, token, "notes/read")).StatusCode);
        held.Release();

        Assert.Equal(HttpStatusCode.NoContent, (await first).StatusCode);
        Assert.Equal(["profile/read"], await PermissionsAsync(client, token));
    }

    [Fact]
    public async Task A_permission_revoked_while_a_renewal_waits_stays_revoked_and_only_the_new_token_works()
    {
        var (store, client) = StartNodes()[0];
        var wallet = TestWallet.FromSeed(901);
        var oldToken = await client.SignInTokenAsync(wallet, ["profile/read", "profile/write"]);
        var (message, signature) = await RenewalAsync(client, wallet, oldToken);

        var held = store.PauseNextReplace();
        var renewal = client.SubmitAsync(message, signature);
        await held.Reached;
        Assert.Equal(HttpStatusCode.NoContent, (await RevokePermissionAsync(client, oldToken, "profile/write")).StatusCode);
        held.Release();

        var renewed = await Web3TestClient.ReadObjectAsync(await renewal);
        var newToken = (string)renewed["token"]!;
        Assert.Equal(["profile/read"], await PermissionsAsync(client, newToken));
        await AssertDeadAsync(client, oldToken);
    }

    [Fact]
    public async Task A_revocation_made_with_the_old_token_while_a_renewal_lands_applies_to_the_renewed_session()
    {
        var (store, client) = StartNodes()[0];
        var wallet = TestWallet.FromSeed(902);
        var oldToken = await client.SignInTokenAsync(wallet, ["profile/read", "profile/write"]);
        var (message, signature) = await RenewalAsync(client, wallet, oldToken);

        var held = store.PauseNextReplace(s => s.Permissions.Count == 1); // the revocation's write, not the renewal's
        var revocation = RevokePermissionAsync(client, oldToken, "profile/write");
        await held.Reached;
        var newToken = (string)(await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, signature)))["token"]!;
        held.Release();

        Assert.Equal(HttpStatusCode.NoContent, (await revocation).StatusCode);
        Assert.Equal(["profile/read"], await PermissionsAsync(client, newToken));
        await AssertDeadAsync(client, oldToken);
    }

    [Fact]
    public async Task A_stolen_token_does_not_survive_sign_out_everywhere_racing_its_permission_revocation()
    {
        var (store, client) = StartNodes()[0];
        var wallet = TestWallet.FromSeed(903);
        var stolen = await client.SignInTokenAsync(wallet, ["profile/read", "profile/write"]);
        var owners = await client.SignInTokenAsync(wallet);

        var held = store.PauseNextReplace();
        var revocation = RevokePermissionAsync(client, stolen, "profile/write");
        await held.Reached;
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", owners)).StatusCode);
        held.Release();

        Assert.Equal(HttpStatusCode.Unauthorized, (await revocation).StatusCode);
        await AssertDeadAsync(client, stolen);
        await AssertDeadAsync(client, owners);
    }

    [Theory]
    [InlineData("/auth/web3/sessions")]
    [InlineData("/auth/web3/session")]
    public async Task A_renewal_waiting_while_its_session_is_revoked_creates_nothing(string revocation)
    {
        var (store, client) = StartNodes()[0];
        var wallet = TestWallet.FromSeed(904);
        var token = await client.SignInTokenAsync(wallet);
        var (message, signature) = await RenewalAsync(client, wallet, token);

        var held = store.PauseNextReplace();
        var renewal = client.SubmitAsync(message, signature);
        await held.Reached;
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, revocation, token)).StatusCode);
        held.Release();

        await Web3TestClient.AssertProblemAsync(await renewal, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await AssertDeadAsync(client, token);
    }

    /// <summary>
    /// Hundreds of mixed operations in parallel over every node: permission revocations, renewals, reads. Then
    /// "sign out everywhere" racing more of them. Every 204 revocation must still hold at the end, every token a
    /// renewal rotated out must be dead, and after sign-out-everywhere no token of the address works.
    /// </summary>
    [Fact]
    public async Task A_stress_run_of_mixed_operations_undoes_no_revocation_and_leaves_no_rotated_out_token_alive()
    {
        var nodes = StartNodes();
        var wallet = TestWallet.FromSeed(905);
        string[] all = ["profile/read", "profile/write", "notes/read"];
        const int sessionCount = 6;
        var current = new ConcurrentDictionary<string, string>();     // session id -> the token last handed out for it
        var issued = new ConcurrentDictionary<string, ConcurrentBag<string>>(); // session id -> every token handed out for it
        var revoked = new ConcurrentDictionary<(string Session, string Permission), bool>();
        for (var i = 0; i < sessionCount; i++)
        {
            var created = await nodes[i % nodes.Length].Client.SignInAsync(wallet, all);
            current[(string)created["sessionId"]!] = (string)created["token"]!;
            issued[(string)created["sessionId"]!] = [(string)created["token"]!];
        }

        var random = new Random(905);
        var operations = Enumerable.Range(0, 300).Select(i => (Kind: random.Next(10), Session: random.Next(sessionCount), Permission: all[random.Next(all.Length)], Node: random.Next(nodes.Length))).ToArray();
        var ids = current.Keys.Order().ToArray();
        var tokensLock = new SemaphoreSlim(8);
        var counts = new ConcurrentDictionary<string, int>();

        async Task RunAsync((int Kind, int Session, string Permission, int Node) op)
        {
            await tokensLock.WaitAsync();
            try
            {
                var client = nodes[op.Node].Client;
                var id = ids[op.Session];
                var token = current[id];
                if (op.Kind < 5)
                {
                    var response = await RevokePermissionAsync(client, token, op.Permission);
                    counts.AddOrUpdate("revoke " + (int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        revoked[(id, op.Permission)] = true;
                    }
                }
                else if (op.Kind < 8)
                {
                    var challenge = await client.PostJsonAsync("/auth/web3/challenge", new { renew = true }, token);
                    if (challenge.StatusCode != HttpStatusCode.OK)
                    {
                        counts.AddOrUpdate("renew-challenge " + (int)challenge.StatusCode, 1, (_, n) => n + 1);
                        return;
                    }

                    var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;
                    var renewal = await nodes[(op.Node + 1) % nodes.Length].Client.SubmitAsync(message, wallet.SignPersonalMessage(message));
                    counts.AddOrUpdate("renew " + (int)renewal.StatusCode, 1, (_, n) => n + 1);
                    if (renewal.StatusCode == HttpStatusCode.OK)
                    {
                        var newToken = (string)(await Web3TestClient.ReadObjectAsync(renewal))["token"]!;
                        issued[id].Add(newToken);
                        current[id] = newToken;
                    }
                }
                else
                {
                    var read = await client.SendAsync(HttpMethod.Get, "/auth/web3/session", token);
                    counts.AddOrUpdate("read " + (int)read.StatusCode, 1, (_, n) => n + 1);
                }
            }
            finally
            {
                tokensLock.Release();
            }
        }

        await Task.WhenAll(operations.Select(op => Task.Run(() => RunAsync(op))));

        Assert.DoesNotContain(counts.Keys, k => k.EndsWith(" 500", StringComparison.Ordinal));
        Assert.True(!revoked.IsEmpty && counts.GetValueOrDefault("renew 200") > 0, string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")));
        // Renewals of one session may finish in any order: of all its tokens exactly one works, and the others were
        // rotated out.
        foreach (var id in ids)
        {
            var working = new List<string>();
            foreach (var token in issued[id])
            {
                var read = await nodes[^1].Client.SendAsync(HttpMethod.Get, "/auth/web3/session", token);
                if (read.StatusCode == HttpStatusCode.OK)
                {
                    working.Add(token);
                }
                else
                {
                    await Web3TestClient.AssertProblemAsync(read, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
                }
            }

            current[id] = Assert.Single(working);
            foreach (var permission in await PermissionsAsync(nodes[0].Client, current[id]))
            {
                Assert.False(revoked.ContainsKey((id, permission)), $"{permission} of {id} was revoked (204) and is live again");
            }
        }

        // Sign out everywhere while more revocations and renewals run — from a session of the address that none of
        // them touches: a renewal racing ahead would rotate the token of a session the sign-out used (a 401, once
        // in ~25 runs), which is the renewal working, not the sign-out failing.
        var bystander = (string)(await nodes[0].Client.SignInAsync(wallet, all))["token"]!;
        issued["bystander"] = [bystander];
        var tail = operations.Take(60).Select(op => Task.Run(() => RunAsync(op))).ToList();
        var signOut = nodes[0].Client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", bystander);
        Assert.Equal(HttpStatusCode.NoContent, (await signOut).StatusCode);
        await Task.WhenAll(tail);

        // Renewals landed before the sign-out may have rotated tokens; every token ever seen is dead now.
        foreach (var token in issued.Values.SelectMany(t => t))
        {
            foreach (var (_, client) in nodes)
            {
                await AssertDeadAsync(client, token);
            }
        }
    }
}
