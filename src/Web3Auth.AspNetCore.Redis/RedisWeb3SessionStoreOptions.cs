using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Options of <see cref="RedisWeb3SessionStore"/>. Say how to reach Redis in exactly one way:
/// <see cref="Configuration"/>, <see cref="ConfigurationOptions"/> or <see cref="ConnectionMultiplexerFactory"/>.
/// </summary>
public sealed class RedisWeb3SessionStoreOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string, for example <c>"127.0.0.1:6379"</c> or
    /// <c>"redis.internal:6380,user=web3auth,password=…,ssl=true,sslHost=redis.internal"</c>. Authentication (ACL
    /// <c>user=</c> and <c>password=</c>) and TLS settings pass through unchanged. Unless the string says otherwise the
    /// store connects with <c>abortConnect=false</c>, <c>connectTimeout=1000</c>, <c>syncTimeout=1000</c>,
    /// <c>keepAlive=10</c>, <c>asyncTimeout</c> = <see cref="OperationTimeout"/>, retries a lost connection every
    /// second and fails commands at once while disconnected (<c>BacklogPolicy.FailFast</c>), so the app starts while
    /// Redis is down, answers 503 at once while it is, and resumes by itself when it returns.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// A full StackExchange.Redis configuration, for settings a string cannot carry (a certificate validation
    /// callback, for example). Used as given (a copy), except that <c>AbortOnConnectFail</c> is set to
    /// <see langword="false"/> so the app starts while Redis is down, and <c>BacklogPolicy</c> to
    /// <see cref="BacklogPolicy.FailFast"/> so that a request answers 503 at once while Redis is unreachable instead of
    /// waiting in the client's queue. To choose another policy, lend a connection (<see cref="ConnectionMultiplexerFactory"/>).
    /// </summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// A connection the app already has (for example the one it gives <c>AddStackExchangeRedisCache</c>). The store
    /// uses it as it is configured and never closes it; for the self-healing and the fast 503s described in
    /// docs/redis.md, create it with <c>abortConnect=false</c> and <c>BacklogPolicy = BacklogPolicy.FailFast</c>.
    /// </summary>
    public Func<Task<IConnectionMultiplexer>>? ConnectionMultiplexerFactory { get; set; }

    /// <summary>
    /// Put before every key and before the invalidation channel's name, so several apps or tenants can share one
    /// Redis without seeing each other's nonces, sessions or revocations. Default <c>web3auth:</c>. It may not
    /// contain braces: each owner's keys carry a hash tag of their own after it, which spreads owners over a Redis
    /// Cluster's slots while keeping each owner's keys in one.
    /// </summary>
    public string KeyPrefix { get; set; } = "web3auth:";

    /// <summary>
    /// How long a node may answer from its in-memory copy of a validated session instead of asking Redis.
    /// <see cref="TimeSpan.Zero"/> (the default) turns the cache off: every request reads Redis, and a revocation is
    /// refused on every node by the next request, whatever happens to pub/sub. With a cache, revocations reach every
    /// node's cache through pub/sub at once, but a node whose subscription is cut without its noticing yet can still
    /// answer from memory for up to one <see cref="SubscriptionCheckInterval"/> (docs/redis.md, measured).
    /// </summary>
    public TimeSpan LocalCacheDuration { get; set; } = TimeSpan.Zero;

    /// <summary>The most sessions one node keeps in its local cache. Default 10,000.</summary>
    public int LocalCacheSize { get; set; } = 10_000;

    /// <summary>
    /// How long one proof that the invalidation subscription works lets a node answer from its local cache. The node
    /// probes itself through Redis twice per interval; a node whose subscription is lost without its noticing stops
    /// answering from its cache at most one interval after its last returned probe. Default 1 s.
    /// </summary>
    public TimeSpan SubscriptionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many replicas must acknowledge a revocation (sign-out, sign-out everywhere, permission revocation, and the
    /// renewal that retires a token) before it is answered, through Redis's <c>WAIT</c> on the primary that wrote it.
    /// Default 0: do not wait. Replication is asynchronous, so a primary that fails just after acknowledging a write
    /// may take it with it, and the revoked session come back on the promoted replica; with 1 (and one replica per
    /// primary) a revocation answered 204 is on the replica that would take over. If fewer acknowledge within
    /// <see cref="RevocationReplicaTimeout"/> the request answers 503 (the revocation itself was applied on the
    /// primary; the client retries). Session creation does not wait: a lost sign-in only signs the user out.
    /// </summary>
    public int RevocationReplicas { get; set; }

    /// <summary>How long a revocation waits for <see cref="RevocationReplicas"/>. Default 500 ms; less than <see cref="OperationTimeout"/>.</summary>
    public TimeSpan RevocationReplicaTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest a store operation may take before the request fails with 503, connecting included. Default 1 s.
    /// The store enforces it itself, to the millisecond: StackExchange.Redis checks its own <c>asyncTimeout</c> only on
    /// its once-a-second heartbeat, does not apply it to connecting, and a lent connection has whatever timeout its
    /// owner chose.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
