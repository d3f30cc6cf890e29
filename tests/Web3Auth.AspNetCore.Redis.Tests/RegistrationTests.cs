using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore.Redis.Tests;

public class RegistrationTests
{
    [Fact]
    public void The_redis_store_replaces_the_default_store_whichever_is_added_first()
    {
        foreach (var redisFirst in new[] { true, false })
        {
            var services = new ServiceCollection().AddLogging();
            var authentication = services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme);
            if (redisFirst)
            {
                authentication.AddRedisStore(o => o.Configuration = "127.0.0.1:1").AddWeb3SessionKeys();
            }
            else
            {
                authentication.AddWeb3SessionKeys().AddRedisStore(o => o.Configuration = "127.0.0.1:1");
            }

            using var provider = services.BuildServiceProvider();
            Assert.IsType<RedisWeb3SessionStore>(provider.GetRequiredService<IWeb3SessionStore>());
            Assert.Same(provider.GetRequiredService<RedisWeb3SessionStore>(), provider.GetRequiredService<IWeb3SessionStore>());
        }
    }

    [Fact]
    public void A_store_with_no_way_to_reach_redis_is_refused_at_start_with_a_message_that_says_what_to_set()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(_ => { }));

        Assert.Contains("Configuration is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:6379", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_configuration_string_is_refused_without_repeating_its_password()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(o => o.Configuration = "127.0.0.1:6379,password=hunter2-secret,bogusOption=1"));

        Assert.Contains("bogusOption", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonsense_durations_and_an_empty_prefix_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(o =>
        {
            o.Configuration = "127.0.0.1:6379";
            o.KeyPrefix = "";
            o.LocalCacheDuration = TimeSpan.FromSeconds(-1);
            o.OperationTimeout = TimeSpan.Zero;
        }));

        Assert.Equal(3, error.Failures.Count());
    }

    [Theory]
    [InlineData("{web3auth}:")]
    [InlineData("web3auth}:")]
    public void A_prefix_with_a_brace_is_refused_because_it_would_break_the_owners_hash_tags(string prefix)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(o =>
        {
            o.Configuration = "127.0.0.1:6379";
            o.KeyPrefix = prefix;
        }));

        Assert.Contains("KeyPrefix must not contain braces", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_wait_must_fit_in_the_operation_timeout()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(o =>
        {
            o.Configuration = "127.0.0.1:6379";
            o.RevocationReplicas = 1;
            o.RevocationReplicaTimeout = TimeSpan.FromSeconds(2);
        }));

        Assert.Contains("RevocationReplicaTimeout must be positive and less than OperationTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_defaults_start_while_redis_is_down_and_the_apps_own_settings_win()
    {
        var defaults = RedisConnection.CreateConfiguration(new RedisWeb3SessionStoreOptions { Configuration = "127.0.0.1:6379,password=pw,ssl=true,sslHost=redis.internal" });
        Assert.False(defaults.AbortOnConnectFail);
        Assert.Equal(1000, defaults.ConnectTimeout);
        Assert.Equal("pw", defaults.Password);
        Assert.True(defaults.Ssl);
        Assert.Equal("redis.internal", defaults.SslHost);

        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, defaults.BacklogPolicy);
        Assert.Equal(1000, defaults.AsyncTimeout); // the operation timeout

        var overridden = RedisConnection.CreateConfiguration(new RedisWeb3SessionStoreOptions { Configuration = "127.0.0.1:6379,connectTimeout=3000,asyncTimeout=250,user=web3auth" });
        Assert.Equal(3000, overridden.ConnectTimeout);
        Assert.Equal(250, overridden.AsyncTimeout);
        Assert.Equal("web3auth", overridden.User);

        // The app's own object: copied, never changed, and the copy fails fast too.
        var given = StackExchange.Redis.ConfigurationOptions.Parse("127.0.0.1:6379,abortConnect=true");
        var copy = RedisConnection.CreateConfiguration(new RedisWeb3SessionStoreOptions { ConfigurationOptions = given });
        Assert.False(copy.AbortOnConnectFail);
        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, copy.BacklogPolicy);
        Assert.True(given.AbortOnConnectFail);
        Assert.NotSame(StackExchange.Redis.BacklogPolicy.FailFast, given.BacklogPolicy);
    }

    private static void Validate(Action<RedisWeb3SessionStoreOptions> configure)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication().AddRedisStore(configure);
        using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<RedisWeb3SessionStoreOptions>>().Value;
    }
}
