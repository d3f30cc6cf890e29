using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// A session store for several app nodes sharing one Redis. A nonce is used by one atomic SET NX, so of any number
/// of nodes verifying one signed message exactly one creates a session. Every read and write of a session is one Lua
/// script that also reads its owner's list (the authority) and, for a write, the stored version
/// (compare-and-swap): no write can undo another, on any node. Each node may keep validated
/// sessions in memory for <see cref="RedisWeb3SessionStoreOptions.LocalCacheDuration"/>; every revocation, permission
/// revocation and renewal publishes an invalidation that every node applies as it arrives, and a node whose
/// subscription is down stops using its cache. Any Redis failure or timeout surfaces as
/// <see cref="Web3StoreUnavailableException"/> (503).
/// <para>
/// As an <see cref="IWeb3SessionChangeFeed"/> it announces every node's changes: the scripts publish the ids of the
/// sessions they create, change and end on the invalidation channel, and the feed listens there (subscribed when the
/// first live event stream opens), so a revocation on one node reaches the event streams on every node.
/// </para>
/// </summary>
public sealed class RedisWeb3SessionStore : IWeb3SessionStore, IWeb3SessionChangeFeed, IAsyncDisposable, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisKeyLayout _keys;
    private readonly string _keyPrefix;
    private readonly ILogger _logger;
    private int _accessCheckedLater;
    private readonly TimeSpan _operationTimeout;
    private readonly int _revocationReplicas;
    private readonly TimeSpan _revocationReplicaTimeout;
    private readonly LocalSessionCache? _cache;
    private readonly InvalidationSubscription? _subscription;
    private readonly ChangeFeedSubscription _changes;

    /// <summary>Creates the store; it connects on first use.</summary>
    public RedisWeb3SessionStore(IOptions<RedisWeb3SessionStoreOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        var logger = loggerFactory.CreateLogger<RedisWeb3SessionStore>();

        _keys = new RedisKeyLayout(settings.KeyPrefix);
        _keyPrefix = settings.KeyPrefix;
        _logger = logger;
        _operationTimeout = settings.OperationTimeout;
        _revocationReplicas = settings.RevocationReplicas;
        _revocationReplicaTimeout = settings.RevocationReplicaTimeout;
        _connection = new RedisConnection(settings, logger);
        if (settings.LocalCacheDuration > TimeSpan.Zero)
        {
            // Real time, not the app's clock: the cache's bound is how long ago a probe crossed the network.
            _cache = new LocalSessionCache(settings.LocalCacheDuration, settings.LocalCacheSize, TimeProvider.System);
            _subscription = new InvalidationSubscription(_cache, _keys.InvalidationChannel, settings.SubscriptionCheckInterval, logger);
            _connection.Connected += _subscription.Start;
        }

        _changes = new ChangeFeedSubscription(_connection, _keys.InvalidationChannel, _cache);
    }

    /// <summary>Begins connecting without waiting; a failure is retried on first use.</summary>
    internal void StartConnecting() => _connection.GetAsync().ContinueWith(
        static connecting => _ = connecting.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// Checks that the Redis user may run everything the store needs, if Redis answers within the operation timeout:
    /// throws <see cref="InvalidOperationException"/> naming the ACL rule to grant if it may not. A Redis that does not
    /// answer yet is checked when it first does, and a refusal then is logged (event 105): requests answer 503 meanwhile.
    /// </summary>
    internal async Task CheckAccessAsync()
    {
        IConnectionMultiplexer connection;
        try
        {
            connection = await _connection.GetAsync().WaitAsync(_operationTimeout).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Redis is down or slow: nothing to check yet, requests answer 503 until it answers.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (connection.IsConnected)
        {
            try
            {
                await RedisAccess.CheckAsync(connection, _keys, _connection.User, _keyPrefix, _revocationReplicas > 0).WaitAsync(_operationTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not InvalidOperationException)
            {
                // Not a refusal (a timeout, a lost connection): the requests will say so.
            }

            return;
        }

        connection.ConnectionRestored += CheckOnceConnected;
        if (connection.IsConnected)
        {
            CheckOnceConnected(connection, null);
        }
    }

    private void CheckOnceConnected(object? sender, ConnectionFailedEventArgs? e)
    {
        if (sender is not IConnectionMultiplexer connection || (e is not null && e.ConnectionType != ConnectionType.Interactive) || Interlocked.Exchange(ref _accessCheckedLater, 1) == 1)
        {
            return;
        }

        connection.ConnectionRestored -= CheckOnceConnected;
        _ = CheckLaterAsync(connection);
    }

    private async Task CheckLaterAsync(IConnectionMultiplexer connection)
    {
        try
        {
            await RedisAccess.CheckAsync(connection, _keys, _connection.User, _keyPrefix, _revocationReplicas > 0).WaitAsync(_operationTimeout).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            RedisLog.AccessDenied(_logger, ex.Message);
        }
#pragma warning disable CA1031 // Not a refusal; the requests report outages themselves.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>
    /// The store's health: <paramref name="failure"/> if Redis cannot be reached or answer a PING within the operation
    /// timeout (or refuses the user a command); Degraded if it answers slowly (over half the timeout), if some Cluster
    /// primaries cannot be reached, or if the local cache is on but its invalidation subscription is not confirmed.
    /// </summary>
    internal async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus failure, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object> { ["local_cache"] = _cache is null ? "off" : _subscription!.IsListening ? "trusted" : "not trusted" };
        TimeSpan latency;
        IConnectionMultiplexer connection;
        try
        {
            connection = await _connection.GetAsync().WaitAsync(_operationTimeout, cancellationToken).ConfigureAwait(false);
            latency = await connection.GetDatabase().PingAsync().WaitAsync(_operationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new(failure, FormattableString.Invariant($"Redis did not answer within the operation timeout ({_operationTimeout.TotalMilliseconds} ms)."), data: data);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("NOPERM", StringComparison.Ordinal))
        {
            return new(failure, "The Redis user may not run PING: " + ex.Message, data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = ex is RedisConnectionException connectionFailure ? connectionFailure.FailureType.ToString() : ex.GetType().Name;
            return new(failure, $"Redis cannot be reached ({failed}); every request that needs the session store answers 503.", data: data);
        }

        data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 1);
        var primaries = ClusterLayout.Primaries(connection) ?? connection.GetServers().Where(server => !server.IsReplica).Select(server => server.EndPoint).ToArray();
        var unreachable = primaries.Where(endpoint => !connection.GetServer(endpoint).IsConnected).Select(endpoint => endpoint.ToString()).ToArray();
        data["primaries"] = primaries.Length;
        var problems = new List<string>();
        if (unreachable.Length > 0)
        {
            problems.Add($"{unreachable.Length} of {primaries.Length} Redis primaries cannot be reached ({string.Join(", ", unreachable)}): sessions stored there answer 503");
        }

        if (latency > _operationTimeout / 2)
        {
            problems.Add(FormattableString.Invariant($"Redis answered a PING in {latency.TotalMilliseconds:F0} ms, over half the operation timeout"));
        }

        if (_cache is not null && !_subscription!.IsListening)
        {
            problems.Add("the invalidation subscription is not confirmed, so the local cache is off and every request reads Redis");
        }

        return problems.Count > 0
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded(string.Join("; ", problems) + ".", data: data)
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(FormattableString.Invariant($"Redis answered a PING in {latency.TotalMilliseconds:F1} ms."), data);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<Web3SessionChanges> listener) => _changes.Subscribe(listener);

    /// <summary>This node's local cache, for tests; <see langword="null"/> when it is off.</summary>
    internal LocalSessionCache? LocalCache => _cache;

    /// <inheritdoc />
    public async Task<bool> TryUseOnceAsync(string scheme, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await RunAsync(
            db => db.StringSetAsync(_keys.SingleUse(scheme, key), expiresAt.ToUnixTimeMilliseconds(), TimeToLive(expiresAt, now), When.NotExists),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<int> CreateSessionAsync(Web3Session session, int maxSessionsPerOwner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerOwner, 1);
        var owner = session.Owner;
        var ended = await RunAsync(
            db => db.ScriptEvaluateAsync(
                RedisScripts.CreateSession,
                [_keys.Sessions(owner), _keys.Session(owner, session.Id)],
                [
                    Web3SessionRecordFormat.Write(session), TimeToLiveMilliseconds(session.ExpiresAt, now), session.Id, session.ExpiresAt.ToUnixTimeMilliseconds(),
                    now.ToUnixTimeMilliseconds(), maxSessionsPerOwner, _keys.SessionPrefix(owner), _keys.InvalidationChannelName,
                ]),
            cancellationToken).ConfigureAwait(false);
        return (int)(long)ended;
    }

    /// <inheritdoc />
    public async Task<Web3Session?> FindSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_subscription?.IsListening == true && _cache!.TryGet(sessionId) is { } cached)
        {
            return Matching(cached, owner, sessionId, now);
        }

        var epoch = _cache?.Epoch ?? 0;
        var value = (RedisValue)await RunAsync(
            db => db.ScriptEvaluateAsync(RedisScripts.FindSession, [_keys.Sessions(owner), _keys.Session(owner, sessionId)], [sessionId, now.ToUnixTimeMilliseconds()]),
            cancellationToken).ConfigureAwait(false);
        var session = Matching(Read(value), owner, sessionId, now);
        if (session is not null)
        {
            _cache?.TryAdd(session, epoch);
        }

        return session;
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var owner = session.Owner;
        try
        {
            var replaced = await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.ReplaceSession,
                    [_keys.Sessions(owner), _keys.Session(owner, session.Id)],
                    [
                        Web3SessionRecordFormat.Write(session), TimeToLiveMilliseconds(session.ExpiresAt, now), session.Id, session.ExpiresAt.ToUnixTimeMilliseconds(),
                        now.ToUnixTimeMilliseconds(), session.Version - 1, _keys.InvalidationChannelName, InvalidationMessage.ForSessions([session.Id]),
                    ]),
                cancellationToken).ConfigureAwait(false);
            if ((long)replaced == 1)
            {
                await PublishOnClusterAsync([session.Id]).ConfigureAwait(false);
                await AwaitReplicasAsync(_keys.Sessions(owner), cancellationToken).ConfigureAwait(false);
                return true;
            }

            return false;
        }
        finally
        {
            // Also when the outcome is unknown (a timeout): a stale copy must never outlive a write that may have happened.
            _cache?.Invalidate([session.Id]);
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var removed = await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.RemoveSession,
                    [_keys.Sessions(owner), _keys.Session(owner, sessionId)],
                    [sessionId, now.ToUnixTimeMilliseconds(), _keys.InvalidationChannelName, InvalidationMessage.ForSessions([sessionId])]),
                cancellationToken).ConfigureAwait(false);
            await PublishOnClusterAsync([sessionId]).ConfigureAwait(false);
            await AwaitReplicasAsync(_keys.Sessions(owner), cancellationToken).ConfigureAwait(false);
            return (long)removed == 1;
        }
        finally
        {
            _cache?.Invalidate([sessionId]);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Web3Session>> ListSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = await RunAsync(
            db => db.SortedSetRangeByScoreAsync(_keys.Sessions(owner), now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start),
            cancellationToken).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await RunAsync(db => db.StringGetAsync(ids.Select(id => _keys.Session(owner, id!)).ToArray()), cancellationToken).ConfigureAwait(false);
        var sessions = new List<Web3Session>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (Matching(Read(values[i]), owner, ids[i]!, now) is { } session)
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    /// <inheritdoc />
    public async Task<int> RemoveAllSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The ids as listed now, so this node can drop them even when the outcome is unknown (a timeout); the script
        // itself ends whatever the list names when it runs.
        var listed = (await RunAsync(db => db.SortedSetRangeByRankAsync(_keys.Sessions(owner)), cancellationToken).ConfigureAwait(false))
            .Select(id => (string)id!).ToList();
        try
        {
            var result = (RedisResult[])(await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.RemoveAllSessions,
                    [_keys.Sessions(owner)],
                    [now.ToUnixTimeMilliseconds(), _keys.InvalidationChannelName, _keys.SessionPrefix(owner)]),
                cancellationToken).ConfigureAwait(false))!;
            listed.AddRange(result.Skip(1).Select(id => (string)id!));
            if (result.Length > 1)
            {
                await PublishOnClusterAsync(result.Skip(1).Select(id => (string)id!)).ConfigureAwait(false);
                await AwaitReplicasAsync(_keys.Sessions(owner), cancellationToken).ConfigureAwait(false);
            }

            return (int)(long)result[0];
        }
        finally
        {
            _cache?.Invalidate(listed);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _changes.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // On a Cluster the script's own PUBLISH reaches the nodes holding the subscriptions over the cluster bus, some
    // milliseconds later (measured: up to ~100 ms under load). Publishing it again to every node from here delivers it
    // to the subscribers connected there before that node answers, wherever each store's subscription landed: so
    // every node has dropped the session before this change is answered, as on a single Redis. The script's copy
    // still arrives if these cannot be sent. Only with the local cache on, and only on a Cluster.
    private async Task PublishOnClusterAsync(IEnumerable<string> sessionIds)
    {
        if (_cache is null)
        {
            return;
        }

        try
        {
            var connection = await _connection.GetAsync().ConfigureAwait(false);
            var servers = connection.GetServers();
            if (!servers.Any(server => server.ServerType == ServerType.Cluster))
            {
                return;
            }

            RedisValue channel = _keys.InvalidationChannelName;
            RedisValue message = InvalidationMessage.ForSessions(sessionIds);
            await Task.WhenAll(servers.Where(server => server.IsConnected).Select(server => server.ExecuteAsync("PUBLISH", channel, message)))
                .WaitAsync(_operationTimeout).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The change is made and the script published it; these copies only make it arrive sooner.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // WAIT on the primary that holds the owner's slot: it returns once that many replicas have every write its
    // connection sent so far, this revocation included.
    private async Task AwaitReplicasAsync(RedisKey ownerKey, CancellationToken cancellationToken)
    {
        if (_revocationReplicas == 0)
        {
            return;
        }

        var acknowledged = (long)await RunAsync(
            db => db.Multiplexer.GetServer(ownerKey).ExecuteAsync("WAIT", _revocationReplicas, (long)_revocationReplicaTimeout.TotalMilliseconds),
            cancellationToken).ConfigureAwait(false);
        if (acknowledged < _revocationReplicas)
        {
            throw new Web3StoreUnavailableException(FormattableString.Invariant(
                $"The revocation was written on the Redis primary, but only {acknowledged} of {_revocationReplicas} replicas acknowledged it within {_revocationReplicaTimeout.TotalMilliseconds} ms."));
        }
    }

    private static Web3Session? Read(RedisValue value) =>
        !value.IsNull && Web3SessionRecordFormat.TryRead((byte[])value!, out var session) ? session : null;

    private static Web3Session? Matching(Web3Session? session, Web3SessionOwner owner, string sessionId, DateTimeOffset now) =>
        session is not null && session.IsLiveFor(owner, sessionId, now) ? session : null;

    // Relative TTLs: the Redis server's clock need not agree with ours.
    private static TimeSpan TimeToLive(DateTimeOffset expiresAt, DateTimeOffset now) => TimeSpan.FromMilliseconds(TimeToLiveMilliseconds(expiresAt, now));

    private static long TimeToLiveMilliseconds(DateTimeOffset expiresAt, DateTimeOffset now) => Math.Max(1, (long)(expiresAt - now).TotalMilliseconds);

    private async Task RunAsync(Func<IDatabase, Task> operation, CancellationToken cancellationToken) =>
        await RunAsync(async db =>
        {
            await operation(db).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    // Every Redis call goes through here: one deadline for connecting and answering, and every failure becomes the
    // one exception the scheme turns into 503.
    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await Core().WaitAsync(_operationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new Web3StoreUnavailableException($"Redis did not answer within {_operationTimeout.TotalMilliseconds} ms.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not Web3StoreUnavailableException)
        {
            throw new Web3StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex);
        }

        async Task<T> Core()
        {
            var connection = await _connection.GetAsync().ConfigureAwait(false);
            return await operation(connection.GetDatabase()).ConfigureAwait(false);
        }
    }
}
