using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary><c>RevocationReplicas</c>: a revocation is answered only once that many replicas have it (<c>WAIT</c>).</summary>
public sealed class RevocationReplicasTests
{
    [Fact]
    public async Task A_revocation_no_replica_acknowledges_is_applied_but_answered_as_unavailable()
    {
        await using var redis = await RedisServer.StartAsync(); // no replica
        await using var store = new RedisWeb3SessionStore(
            Options.Create(new RedisWeb3SessionStoreOptions
            {
                Configuration = redis.Configuration, KeyPrefix = RedisFixture.NewPrefix(), RevocationReplicas = 1, RevocationReplicaTimeout = TimeSpan.FromMilliseconds(100), OperationTimeout = TimeSpan.FromSeconds(2),
            }),
            NullLoggerFactory.Instance);
        var now = DateTimeOffset.UtcNow;
        var address = new EthereumAddress(RandomNumberGenerator.GetBytes(20));
        var session = new Web3Session
        {
            Id = RedisNode.NewSessionId(address), Scheme = "Web3", Domain = "app.example.com", Version = 1, Address = address, ChainId = 1,
            TokenHash = RandomNumberGenerator.GetBytes(32), CreatedAt = now, ExpiresAt = now.AddHours(1), Permissions = [new Web3SessionPermission("profile/read", now.AddHours(1))],
        };
        await store.CreateSessionAsync(session, 50, now, default); // creation does not wait

        var error = await Assert.ThrowsAsync<Web3StoreUnavailableException>(() => store.RemoveSessionAsync(session.Owner, session.Id, now, default));

        Assert.Contains("only 0 of 1 replicas acknowledged it within 100 ms", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindSessionAsync(session.Owner, session.Id, now, default)); // applied all the same
    }
}
