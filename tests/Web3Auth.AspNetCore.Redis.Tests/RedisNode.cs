using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Web3Auth.Siwe;
using Web3Auth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.AspNetCore.Tests;

namespace Web3Auth.AspNetCore.Redis.Tests;

/// <summary>One app node: the test app in memory, with its session store in a shared Redis.</summary>
public sealed class RedisNode : IDisposable
{
    /// <summary>
    /// For tests that are not about timeouts: all test classes start at once on a small machine, and a cold first
    /// connection can take longer than the 1 s default. Timeout tests set their own.
    /// </summary>
    public static readonly TimeSpan GenerousTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The nodes of one site share a Data Protection key ring (sign-in messages carry a protected ticket).</summary>
    public static readonly IDataProtectionProvider SharedKeys = new EphemeralDataProtectionProvider();

    /// <summary>A session id as the scheme mints them: the owner's address, then 16 random bytes, base64url.</summary>
    public static string NewSessionId(EthereumAddress address) =>
        Base64Url.EncodeToString([.. address.ToArray(), .. RandomNumberGenerator.GetBytes(16)]);

    public RedisNode(string redisConfiguration, string keyPrefix, Action<RedisWeb3SessionStoreOptions>? configure = null, Action<Web3SessionKeyOptions>? configureScheme = null, Action<IServiceCollection>? services = null)
    {
        Logs = new CapturingLoggerProvider();
        App = new Web3AppFactory
        {
            DataProtection = SharedKeys,
            ConfigureOptions = configureScheme,
            ConfigureServices = collection =>
            {
                services?.Invoke(collection);
                collection.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
                new AuthenticationBuilder(collection).AddRedisStore(o =>
                {
                    o.Configuration = redisConfiguration;
                    o.KeyPrefix = keyPrefix;
                    o.OperationTimeout = GenerousTimeout;
                    // Most node tests are about the local cache, which is off by default; a test turns it off again.
                    o.LocalCacheDuration = TimeSpan.FromSeconds(5);
                    configure?.Invoke(o);
                });
            },
        };
        Client = App.CreateWeb3Client();
    }

    /// <summary>
    /// One sign-in, message and submission: the submission is the first request that needs the store (issuing a
    /// message is stateless), so it is how a test asks whether the store is reachable.
    /// </summary>
    public async Task<HttpResponseMessage> TrySignInAsync(TestWallet wallet)
    {
        var message = (string)(await Client.ChallengeAsync(wallet))["message"]!;
        return await Client.SubmitAsync(message, wallet.SignPersonalMessage(message));
    }

    public Web3AppFactory App { get; }

    public Web3TestClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public RedisWeb3SessionStore Store => App.Services.GetRequiredService<RedisWeb3SessionStore>();

    /// <summary>Waits until this node's invalidation subscription is confirmed and its local cache answers.</summary>
    public async Task WaitForTrustedCacheAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (Store.LocalCache?.IsTrusted != true)
        {
            Assert.True(DateTime.UtcNow < deadline, "The node's local cache was never trusted: its invalidation subscription does not work.");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        App.Dispose();
    }
}
