using System.Net;
using StackExchange.Redis;
using Web3Auth.AspNetCore.Tests;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>
/// A redis-server that listens with TLS only, its certificate issued by an authority made for this run, and ACL
/// users: the store validates the certificate (against that authority, nothing else) and logs in as a user granted
/// only what docs/redis.md's rule grants.
/// </summary>
public sealed class TlsAndAclTests : IAsyncLifetime
{
    private const string Password = "acl-user-passw0rd";

    // StackExchange.Redis asks for these while connecting; refused, it carries on (the tie-breaker key and the
    // configuration channel are for multi-primary set-ups, CONFIG GET could read secrets and is never granted).
    private static readonly HashSet<string> HandshakeRefusals = ["config|get", "__Booksleeve_TieBreak", "__Booksleeve_MasterChanged"];
    private TestCertificateAuthority? _authority;
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    [Fact]
    public async Task A_node_that_validates_the_servers_certificate_against_its_authority_signs_in_and_serves_sessions()
    {
        using var node = new RedisNode("unused", RedisFixture.NewPrefix(), o => UseTls(o, Redis.Options()));
        await node.WaitForTrustedCacheAsync();

        var token = await node.Client.SignInTokenAsync(TestWallet.FromSeed(701), ["profile/read"]);

        Assert.Equal(HttpStatusCode.OK, (await node.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
    }

    [Fact]
    public async Task A_node_that_trusts_another_authority_refuses_the_server_and_answers_503()
    {
        using var stranger = TestCertificateAuthority.Create("Some other CA");
        var options = ConfigurationOptions.Parse(Redis.Configuration);
        options.CertificateValidation += stranger.Validate;
        using var node = new RedisNode("unused", RedisFixture.NewPrefix(), o => UseTls(o, options));

        await Web3TestClient.AssertProblemAsync(await node.TrySignInAsync(TestWallet.FromSeed(702)), HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);
    }

    [Fact]
    public async Task A_user_granted_exactly_the_documented_rule_serves_every_endpoint_and_can_reach_nothing_outside_its_prefix()
    {
        var prefix = RedisFixture.NewPrefix();
        await CreateUserAsync("store", RedisAccess.Rule("store", prefix));
        using var a = new RedisNode("unused", prefix, o => UseTls(o, Redis.Options($"user=store,password={Password}")));
        using var b = new RedisNode("unused", prefix, o => UseTls(o, Redis.Options($"user=store,password={Password}")));
        await a.WaitForTrustedCacheAsync();
        await b.WaitForTrustedCacheAsync();
        var wallet = TestWallet.FromSeed(703);

        var token = await a.Client.SignInTokenAsync(wallet, ["profile/read", "profile/write"]);
        var other = await b.Client.SignInTokenAsync(wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.SendAsync(HttpMethod.Get, "/api/profile", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/write", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await a.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", other)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await b.Client.SendAsync(HttpMethod.Get, "/api/profile", other), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(HttpStatusCode.NoContent, (await b.Client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", token)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await a.Client.SendAsync(HttpMethod.Get, "/api/profile", token), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        // All Redis refused: what StackExchange.Redis tries while connecting and does without (docs/redis.md).
        var denied = ((RedisResult[])(await (await Redis.AdminAsync()).ExecuteAsync("ACL", "LOG"))!)
            .Select(entry => ((RedisResult[])entry!).Select(field => field.ToString()).ToArray())
            .Select(fields => fields[Array.IndexOf(fields, "object") + 1])
            .ToHashSet();
        Assert.Subset(HandshakeRefusals, denied);

        // The same user outside its prefix: refused by Redis.
        using var asStore = await ConnectionMultiplexer.ConnectAsync(Redis.Options($"user=store,password={Password}"));
        var outside = await Assert.ThrowsAsync<RedisServerException>(() => asStore.GetDatabase().StringGetAsync("elsewhere:key"));
        Assert.Contains("NOPERM", outside.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RedisServerException>(() => asStore.GetDatabase().ExecuteAsync("FLUSHALL"));
    }

    [Fact]
    public async Task A_user_without_the_rights_stops_the_app_at_start_with_the_rule_to_grant_and_without_its_password()
    {
        var prefix = RedisFixture.NewPrefix();
        // Reads only: it may not write sessions, run scripts or publish.
        await CreateUserAsync("reader", $"ACL SETUSER reader on >{Password} resetkeys ~{prefix}* resetchannels &{prefix}* -@all +@connection +info +cluster|nodes +get +mget");

        var error = Assert.IsType<InvalidOperationException>(FirstOfType<InvalidOperationException>(Record.Exception(
            () => new RedisNode("unused", prefix, o => UseTls(o, Redis.Options($"user=reader,password={Password}"))).Dispose())));

        Assert.Contains("the Redis user 'reader' may not run what the session store needs", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOPERM", error.Message, StringComparison.Ordinal);
        Assert.Contains(RedisAccess.Rule("reader", prefix), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_the_rights_on_a_redis_that_was_down_at_start_is_reported_once_it_answers()
    {
        var prefix = RedisFixture.NewPrefix();
        // The user is in the server's own configuration, so it is there again after the restart.
        await using var redis = await RedisServer.StartAsync(arguments: ["--user", "reader", "on", ">" + Password, $"~{prefix}*", $"&{prefix}*", "-@all", "+@connection", "+info", "+cluster|nodes", "+get", "+mget"]);
        await redis.KillAsync();
        using var node = new RedisNode($"127.0.0.1:{redis.Port},user=reader,password={Password}", prefix);
        await Web3TestClient.AssertProblemAsync(await node.TrySignInAsync(TestWallet.FromSeed(704)), HttpStatusCode.ServiceUnavailable, Web3ErrorCodes.StoreUnavailable);

        await redis.RestartAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!node.Logs.Lines.Any(l => l.EventId.Id == 105))
        {
            Assert.True(DateTime.UtcNow < deadline, "the store never reported the missing rights once Redis answered");
            await Task.Delay(20);
        }

        var line = Assert.Single(node.Logs.Lines, l => l.EventId.Id == 105);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, line.Level);
        Assert.Contains(RedisAccess.Rule("reader", prefix), line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_in_the_docs_is_the_one_the_store_checks()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "redis.md"));

        Assert.Contains(RedisAccess.Rule("web3auth", "web3auth:"), docs, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        _authority = TestCertificateAuthority.Create();
        _redis = await RedisServer.StartAsync(tls: _authority);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _authority?.Dispose();
    }

    private static void UseTls(RedisWeb3SessionStoreOptions options, ConfigurationOptions configuration)
    {
        options.Configuration = null;
        options.ConfigurationOptions = configuration;
    }

    private async Task CreateUserAsync(string user, string rule)
    {
        var words = rule.Replace(">PASSWORD", ">" + Password, StringComparison.Ordinal).Split(' ');
        Assert.Equal(["ACL", "SETUSER", user], words[..3]);
        var admin = await Redis.AdminAsync();
        await admin.ExecuteAsync("ACL", [.. words[1..]]);
        await admin.ExecuteAsync("ACL", "LOG", "RESET");
    }

    private static T? FirstOfType<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return FirstOfType<T>(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "redis.md")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("docs/redis.md not found above the test assembly.");
    }
}
