using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// What a Redis ACL user needs for the store, and the start-up check that it has it. The rule grants the commands the
/// store and its scripts run, on keys and channels under the store's prefix only (docs/redis.md#tls-and-acl-users).
/// The check runs every one of them once on scratch keys under the prefix (and deletes them again), so a user that lacks one is found when the
/// app starts rather than by the first sign-in.
/// </summary>
internal static class RedisAccess
{
    /// <summary>Commands the store sends, those its scripts call, and what StackExchange.Redis needs to connect.</summary>
    public const string Commands =
        "+ping +echo +info +client|setname +client|id +cluster|nodes "
        + "+eval +evalsha +script|load +get +set +mget +del +pexpire "
        + "+zadd +zrem +zcard +zscore +zrange +zrangebyscore +zremrangebyscore "
        + "+publish +subscribe +unsubscribe";

    // Every command a script of RedisScripts calls, in one script: a user that may not run one fails it here.
    private const string Script = """
        redis.call('SET', KEYS[2], '1', 'PX', 10000)
        redis.call('GET', KEYS[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', 0)
        redis.call('ZADD', KEYS[1], 1, 'check')
        redis.call('ZSCORE', KEYS[1], 'check')
        redis.call('ZCARD', KEYS[1])
        redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        redis.call('PEXPIRE', KEYS[1], 10000)
        redis.call('ZREM', KEYS[1], 'check')
        redis.call('DEL', KEYS[2])
        redis.call('PUBLISH', ARGV[1], 'c:')
        return 1
        """;

    /// <summary>The <c>ACL SETUSER</c> command that gives <paramref name="user"/> exactly what a store with <paramref name="keyPrefix"/> needs.</summary>
    public static string Rule(string user, string keyPrefix, bool waitsForReplicas = false) =>
        $"ACL SETUSER {user} on >PASSWORD resetkeys ~{keyPrefix}* resetchannels &{keyPrefix}* -@all {Commands}" + (waitsForReplicas ? " +wait" : "");

    /// <summary>
    /// Runs every command the store needs once. Throws <see cref="InvalidOperationException"/> naming the rule to grant
    /// if Redis refuses one for lack of permission (<c>NOPERM</c>); other failures are the caller's (Redis may be down).
    /// </summary>
    public static async Task CheckAsync(IConnectionMultiplexer connection, RedisKeyLayout keys, string? user, string keyPrefix, bool waitsForReplicas)
    {
        var list = keys.AccessCheck(":sessions");
        var value = keys.AccessCheck(":session");
        var db = connection.GetDatabase();
        try
        {
            await db.StringSetAsync(value, 1, TimeSpan.FromSeconds(10), When.NotExists).ConfigureAwait(false);
            await db.StringGetAsync([value, value]).ConfigureAwait(false);
            await db.SortedSetRangeByScoreAsync(list, 0, double.PositiveInfinity, Exclude.Start).ConfigureAwait(false);
            await db.SortedSetRangeByRankAsync(list).ConfigureAwait(false);

            if (waitsForReplicas)
            {
                await connection.GetServer(list).ExecuteAsync("WAIT", 0, 0).ConfigureAwait(false);
            }

            // Last: it deletes both keys, so the check leaves nothing behind.
            await db.ScriptEvaluateAsync(Script, [list, value], [keys.InvalidationChannelName]).ConfigureAwait(false);
            await connection.GetSubscriber().PublishAsync(keys.InvalidationChannel, "c:").ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("NOPERM", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"AddRedisStore: the Redis user{(string.IsNullOrEmpty(user) ? "" : " '" + user + "'")} may not run what the session store needs ({ex.Message}). "
                + $"Grant it with: {Rule(string.IsNullOrEmpty(user) ? "<user>" : user, keyPrefix, waitsForReplicas)} (see docs/redis.md, TLS and ACL users).",
                ex);
        }
    }
}
