using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// A session store for several app nodes sharing one Redis. A nonce is consumed by one atomic script, so of any
/// number of nodes verifying one signed message exactly one creates a session. Sessions expire in Redis with their
/// expiry and are indexed per address in a sorted set, written together with them. Each node may keep validated
/// sessions in memory for <see cref="RedisWeb3SessionStoreOptions.LocalCacheDuration"/>; every revocation, permission
/// revocation and renewal publishes an invalidation that every node applies as it arrives, and a node whose
/// subscription is down stops using its cache. Any Redis failure or timeout surfaces as
/// <see cref="Web3StoreUnavailableException"/> (503).
/// </summary>
public sealed class RedisWeb3SessionStore : IWeb3SessionStore, IAsyncDisposable, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisKeyLayout _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _operationTimeout;
    private readonly LocalSessionCache? _cache;
    private readonly InvalidationSubscription? _subscription;

    /// <summary>Creates the store; it connects on first use.</summary>
    public RedisWeb3SessionStore(IOptions<RedisWeb3SessionStoreOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        var logger = loggerFactory.CreateLogger<RedisWeb3SessionStore>();

        _time = time;
        _keys = new RedisKeyLayout(settings.KeyPrefix);
        _operationTimeout = settings.OperationTimeout;
        _connection = new RedisConnection(settings, logger);
        if (settings.LocalCacheDuration > TimeSpan.Zero)
        {
            _cache = new LocalSessionCache(settings.LocalCacheDuration, settings.LocalCacheSize);
            _subscription = new InvalidationSubscription(_cache, _keys.InvalidationChannel, settings.SubscriptionCheckInterval, logger);
            _connection.Connected += _subscription.Start;
        }
    }

    /// <summary>Begins connecting without waiting; a failure is retried on first use.</summary>
    internal void StartConnecting() => _connection.GetAsync().ContinueWith(
        static connecting => _ = connecting.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>This node's local cache, for tests; <see langword="null"/> when it is off.</summary>
    internal LocalSessionCache? LocalCache => _cache;

    /// <inheritdoc />
    public Task SaveChallengeAsync(Web3Challenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return RunAsync(
            db => db.StringSetAsync(_keys.Challenge(challenge.Nonce), SessionRecordSerializer.Serialize(challenge), TimeToLive(challenge.ExpiresAt)),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Web3Challenge?> FindChallengeAsync(string nonce, CancellationToken cancellationToken)
    {
        var value = await RunAsync(db => db.StringGetAsync(_keys.Challenge(nonce)), cancellationToken).ConfigureAwait(false);
        return Live(value.IsNull ? null : SessionRecordSerializer.DeserializeChallenge((byte[])value!));
    }

    /// <inheritdoc />
    public async Task<bool> TryConsumeChallengeAsync(string nonce, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            db => db.ScriptEvaluateAsync(RedisScripts.ConsumeChallenge, [_keys.Challenge(nonce)]),
            cancellationToken).ConfigureAwait(false);
        var value = (RedisValue)result;
        return !value.IsNull && Live(SessionRecordSerializer.DeserializeChallenge((byte[])value!)) is not null;
    }

    /// <inheritdoc />
    public Task CreateSessionAsync(Web3Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return RunAsync(
            db => db.ScriptEvaluateAsync(
                RedisScripts.CreateSession,
                [_keys.Session(session.Id), _keys.AddressIndex(session.Address)],
                [SessionRecordSerializer.Serialize(session), TimeToLiveMilliseconds(session.ExpiresAt), session.Id, session.ExpiresAt.ToUnixTimeMilliseconds(), NowMilliseconds()]),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Web3Session?> FindSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_subscription?.IsListening == true && _cache!.TryGet(sessionId) is { } cached)
        {
            return Live(cached);
        }

        var epoch = _cache?.Epoch ?? 0;
        var session = await ReadSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is not null)
        {
            _cache?.TryAdd(session, epoch);
        }

        return session;
    }

    /// <inheritdoc />
    public async Task<bool> ReplaceSessionAsync(Web3Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            var replaced = await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.ReplaceSession,
                    [_keys.Session(session.Id), _keys.AddressIndex(session.Address)],
                    [
                        SessionRecordSerializer.Serialize(session), TimeToLiveMilliseconds(session.ExpiresAt), session.Id,
                        session.ExpiresAt.ToUnixTimeMilliseconds(), NowMilliseconds(), _keys.InvalidationChannelName, InvalidationMessage.ForSessions([session.Id]),
                    ]),
                cancellationToken).ConfigureAwait(false);
            return (long)replaced == 1;
        }
        finally
        {
            // Also when the outcome is unknown (a timeout): a stale copy must never outlive a write that may have happened.
            _cache?.Invalidate([session.Id]);
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            // The record says which address index to clean; an address never changes for a session id.
            var session = await ReadSessionAsync(sessionId, cancellationToken, judgeExpiry: false).ConfigureAwait(false);
            if (session is null)
            {
                return false;
            }

            var removed = await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.RemoveSession,
                    [_keys.Session(sessionId), _keys.AddressIndex(session.Address)],
                    [sessionId, NowMilliseconds(), _keys.InvalidationChannelName, InvalidationMessage.ForSessions([sessionId])]),
                cancellationToken).ConfigureAwait(false);
            return (long)removed == 1;
        }
        finally
        {
            _cache?.Invalidate([sessionId]);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Web3Session>> ListSessionsAsync(EthereumAddress address, CancellationToken cancellationToken)
    {
        var ids = await RunAsync(
            db => db.SortedSetRangeByScoreAsync(_keys.AddressIndex(address), NowMilliseconds(), double.PositiveInfinity, Exclude.Start),
            cancellationToken).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await RunAsync(db => db.StringGetAsync(ids.Select(id => _keys.Session(id!)).ToArray()), cancellationToken).ConfigureAwait(false);
        var sessions = new List<Web3Session>(values.Length);
        foreach (var value in values)
        {
            if (!value.IsNull && Live(SessionRecordSerializer.DeserializeSession((byte[])value!)) is { } session && session.Address == address)
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    /// <inheritdoc />
    public async Task<int> RemoveAllSessionsAsync(EthereumAddress address, CancellationToken cancellationToken)
    {
        var index = _keys.AddressIndex(address);
        var ids = (await RunAsync(db => db.SortedSetRangeByRankAsync(index), cancellationToken).ConfigureAwait(false))
            .Select(id => (string)id!)
            .ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        try
        {
            var removed = await RunAsync(
                db => db.ScriptEvaluateAsync(
                    RedisScripts.RemoveSessions,
                    [index, .. ids.Select(_keys.Session)],
                    [NowMilliseconds(), _keys.InvalidationChannelName, InvalidationMessage.ForSessions(ids), .. ids.Select(id => (RedisValue)id)]),
                cancellationToken).ConfigureAwait(false);
            return (int)(long)removed;
        }
        finally
        {
            _cache?.Invalidate(ids);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<Web3Session?> ReadSessionAsync(string sessionId, CancellationToken cancellationToken, bool judgeExpiry = true)
    {
        var value = await RunAsync(db => db.StringGetAsync(_keys.Session(sessionId)), cancellationToken).ConfigureAwait(false);
        var session = value.IsNull ? null : SessionRecordSerializer.DeserializeSession((byte[])value!);
        return judgeExpiry ? Live(session) : session;
    }

    // Redis forgets records by its own clock; whether they are still valid is judged by ours.
    private Web3Session? Live(Web3Session? session) => session is not null && session.ExpiresAt > _time.GetUtcNow() ? session : null;

    private Web3Challenge? Live(Web3Challenge? challenge) => challenge is not null && challenge.ExpiresAt > _time.GetUtcNow() ? challenge : null;

    private long NowMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // Relative TTLs: the Redis server's clock need not agree with ours.
    private TimeSpan TimeToLive(DateTimeOffset expiresAt) => TimeSpan.FromMilliseconds(TimeToLiveMilliseconds(expiresAt));

    private long TimeToLiveMilliseconds(DateTimeOffset expiresAt) => Math.Max(1, expiresAt.ToUnixTimeMilliseconds() - NowMilliseconds());

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
