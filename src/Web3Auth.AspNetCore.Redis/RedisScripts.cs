namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// The Lua scripts behind every write. Redis runs a script with no other command in between, so each write is one
/// atomic step: no node can see a session without its index entry, or consume a nonce that another node consumed.
/// Scripts touch only the keys they are given (KEYS), as Redis Cluster requires. "Now" is passed in (Unix ms, from
/// the app's <see cref="TimeProvider"/>): expiry is judged by the app's clock, not by the Redis server's.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS[1] challenge. Returns the challenge record and deletes it, or nil: GET and DEL as one step, so of any
    /// number of nodes asking for one nonce exactly one gets it. The caller judges its expiry.
    /// </summary>
    public const string ConsumeChallenge = """
        local record = redis.call('GET', KEYS[1])
        if record then
          redis.call('DEL', KEYS[1])
        end
        return record
        """;

    /// <summary>
    /// KEYS[1] session, KEYS[2] address index; ARGV record, ttl ms, id, expires ms, now ms. The index entry is written
    /// before the record: should Redis refuse a write half-way, an index entry without a session is harmless,
    /// a session that revoke-all cannot find is not.
    /// </summary>
    public const string CreateSession = """
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        """ + ExtendIndex + """
        return 1
        """;

    /// <summary>
    /// KEYS[1] session, KEYS[2] address index; ARGV record, ttl ms, id, expires ms, now ms, channel, invalidation.
    /// Returns 0 and writes nothing when the session is gone or expired. The invalidation is published first: if
    /// PUBLISH fails nothing is written; a node that hears it and re-reads gets the new record, because Redis runs no
    /// other command until the script ends.
    /// </summary>
    public const string ReplaceSession = """
        local score = redis.call('ZSCORE', KEYS[2], ARGV[3])
        if redis.call('EXISTS', KEYS[1]) == 0 or not score or tonumber(score) <= tonumber(ARGV[5]) then
          return 0
        end
        redis.call('PUBLISH', ARGV[6], ARGV[7])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        """ + ExtendIndex + """
        return 1
        """;

    /// <summary>
    /// KEYS[1] session, KEYS[2] address index; ARGV id, now ms, channel, invalidation. Deletes the session and its
    /// index entry; returns 1 if the session was live.
    /// </summary>
    public const string RemoveSession = """
        local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
        local existed = redis.call('EXISTS', KEYS[1])
        if existed == 0 and not score then
          return 0
        end
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        if existed == 1 and score and tonumber(score) > tonumber(ARGV[2]) then
          return 1
        end
        return 0
        """;

    /// <summary>
    /// KEYS[1] address index, KEYS[2..n+1] the sessions it listed; ARGV now ms, channel, invalidation, then the n ids.
    /// Deletes all of them and their index entries in one step and returns how many were live. Only the listed
    /// entries are removed, so a session created meanwhile keeps its index entry.
    /// </summary>
    public const string RemoveSessions = """
        redis.call('PUBLISH', ARGV[2], ARGV[3])
        local live = 0
        for i = 2, #KEYS do
          local id = ARGV[i + 2]
          local score = redis.call('ZSCORE', KEYS[1], id)
          if redis.call('DEL', KEYS[i]) == 1 and score and tonumber(score) > tonumber(ARGV[1]) then
            live = live + 1
          end
          redis.call('ZREM', KEYS[1], id)
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        return live
        """;

    // The index lives as long as its longest-lived session: a relative TTL, since the server's clock need not be ours.
    private const string ExtendIndex = """

        local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
        if last[2] then
          redis.call('PEXPIRE', KEYS[2], math.max(1, math.floor(tonumber(last[2]) - tonumber(ARGV[5]))))
        end

        """;
}
