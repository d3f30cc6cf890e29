namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// The Lua scripts behind every read of a session and every write. Redis runs a script with no other command in
/// between, so each is one atomic step: a session is read together with the list that makes it live, a replacement
/// checks the stored version and the list in the same step it writes, and removal cannot interleave with either.
/// All keys of one owner share a hash tag (one Cluster slot); the scripts that end the sessions a list names build
/// those keys from the prefix passed in, which is in the same slot. "Now" is passed in (Unix ms, from the app's
/// <see cref="TimeProvider"/>): expiry is judged by the app's clock, not by the Redis server's. The invalidation is
/// published inside the script that makes the change: a node that hears it and re-reads gets the new state.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS[1] list, KEYS[2] session; ARGV id, now ms. The record if the list names the session as live, else nil.</summary>
    public const string FindSession = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) <= tonumber(ARGV[2]) then
          return false
        end
        return redis.call('GET', KEYS[2])
        """;

    /// <summary>
    /// KEYS[1] list, KEYS[2] session; ARGV record, ttl ms, id, expires ms, now ms, max sessions, session key prefix,
    /// channel. Prunes expired entries, ends the sessions closest to their end while the owner is at the cap, then
    /// writes the record and lists it, and publishes the ids of the ended sessions and of the new one (caches drop the
    /// ended ones; the change feed announces both). Returns how many sessions were ended.
    /// </summary>
    public const string CreateSession = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[5])
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[6]) + 1
        local ended = {}
        if over > 0 then
          ended = redis.call('ZRANGE', KEYS[1], 0, over - 1)
          for _, id in ipairs(ended) do
            redis.call('DEL', ARGV[7] .. id)
            redis.call('ZREM', KEYS[1], id)
          end
        else
          over = 0
        end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
        """ + ExtendList + """
        ended[#ended + 1] = ARGV[3]
        redis.call('PUBLISH', ARGV[8], 's:' .. table.concat(ended, ' '))
        return over
        """;

    /// <summary>
    /// KEYS[1] list, KEYS[2] session; ARGV record, ttl ms, id, expires ms, now ms, expected stored version, channel,
    /// invalidation. Writes the record only if the list names the session as live and the stored record's
    /// <c>version</c> is the expected one; returns 1 if written, else 0.
    /// </summary>
    public const string ReplaceSession = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[3])
        if not score or tonumber(score) <= tonumber(ARGV[5]) then
          return 0
        end
        local stored = redis.call('GET', KEYS[2])
        if not stored then
          return 0
        end
        local ok, record = pcall(cjson.decode, stored)
        if not ok or type(record) ~= 'table' or record.version ~= tonumber(ARGV[6]) then
          return 0
        end
        redis.call('PUBLISH', ARGV[7], ARGV[8])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
        """ + ExtendList + """
        return 1
        """;

    /// <summary>KEYS[1] list, KEYS[2] session; ARGV id, now ms, channel, invalidation. Ends the session; 1 if it was live.</summary>
    public const string RemoveSession = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        if score and tonumber(score) > tonumber(ARGV[2]) then
          return 1
        end
        return 0
        """;

    /// <summary>
    /// KEYS[1] list; ARGV now ms, channel, session key prefix. Ends every session the list names — the list goes first,
    /// which alone ends them all — and returns how many were live followed by the ids it ended.
    /// </summary>
    public const string RemoveAllSessions = """
        local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        redis.call('DEL', KEYS[1])
        local ids = {}
        local live = 0
        for i = 1, #entries, 2 do
          ids[#ids + 1] = entries[i]
          if tonumber(entries[i + 1]) > tonumber(ARGV[1]) then
            live = live + 1
          end
          redis.call('DEL', ARGV[3] .. entries[i])
        end
        if #ids > 0 then
          redis.call('PUBLISH', ARGV[2], 's:' .. table.concat(ids, ' '))
        end
        table.insert(ids, 1, live)
        return ids
        """;

    // The list lives as long as its longest-lived session: a relative TTL, since the server's clock need not be ours.
    private const string ExtendList = """

        local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
        if last[2] then
          redis.call('PEXPIRE', KEYS[1], math.max(1, math.floor(tonumber(last[2]) - tonumber(ARGV[5]))))
        end

        """;
}
