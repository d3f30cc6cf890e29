using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Checks the Redis store's options when the host starts, so a missing or unreadable connection setting stops the
/// app with a message that says how to fix it. Messages never repeat the configuration string: it may hold a password.
/// </summary>
internal sealed class RedisWeb3SessionStoreOptionsValidator : IValidateOptions<RedisWeb3SessionStoreOptions>
{
    private const string At = "AddRedisStore: RedisWeb3SessionStoreOptions";

    public ValidateOptionsResult Validate(string? name, RedisWeb3SessionStoreOptions options)
    {
        var errors = new List<string>();
        var ways = (string.IsNullOrWhiteSpace(options.Configuration) ? 0 : 1) + (options.ConfigurationOptions is null ? 0 : 1) + (options.ConnectionMultiplexerFactory is null ? 0 : 1);
        if (ways == 0)
        {
            errors.Add($"{At}.Configuration is required: set it to the Redis endpoint, for example \"127.0.0.1:6379\" (add \",password=…,ssl=true\" as needed), or set ConfigurationOptions or ConnectionMultiplexerFactory.");
        }
        else if (ways > 1)
        {
            errors.Add($"{At}: set only one of Configuration, ConfigurationOptions and ConnectionMultiplexerFactory.");
        }
        else if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            try
            {
                if (ConfigurationOptions.Parse(options.Configuration).EndPoints.Count == 0)
                {
                    errors.Add($"{At}.Configuration names no endpoint. Start it with host:port, for example \"127.0.0.1:6379\".");
                }
            }
            catch (ArgumentException ex)
            {
                // The parser names the keyword it did not understand, never a password.
                errors.Add($"{At}.Configuration is not a StackExchange.Redis configuration string: {ex.Message}");
            }
        }

        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            errors.Add($"{At}.KeyPrefix must not be empty; it keeps this app's keys apart from everything else in Redis (default \"web3auth:\").");
        }

        else if (options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            errors.Add($"{At}.KeyPrefix must not contain braces: the store puts a hash tag per owner after it, so that owners spread over a Redis Cluster's slots (a brace in the prefix would put every key in one slot, or break the owners' tags).");
        }

        if (options.RevocationReplicas < 0)
        {
            errors.Add($"{At}.RevocationReplicas must be zero (do not wait) or the number of replicas that must acknowledge a revocation.");
        }
        else if (options.RevocationReplicas > 0 && (options.RevocationReplicaTimeout <= TimeSpan.Zero || options.RevocationReplicaTimeout >= options.OperationTimeout))
        {
            errors.Add($"{At}.RevocationReplicaTimeout must be positive and less than OperationTimeout ({options.OperationTimeout.TotalMilliseconds} ms), which bounds the whole revocation.");
        }

        if (options.LocalCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"{At}.LocalCacheDuration must be zero (off) or positive.");
        }

        if (options.LocalCacheSize <= 0)
        {
            errors.Add($"{At}.LocalCacheSize must be positive.");
        }

        if (options.SubscriptionCheckInterval < TimeSpan.FromMilliseconds(50) || options.SubscriptionCheckInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{At}.SubscriptionCheckInterval must be between 50 ms and 1 minute (default 1 s).");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{At}.OperationTimeout must be positive and at most 1 minute (default 1 s); a request waits this long before answering 503.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
