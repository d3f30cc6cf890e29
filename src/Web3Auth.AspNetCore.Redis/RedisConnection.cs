using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// The store's connection to Redis: made on first use (so the app starts while Redis is down), made again if making
/// it failed, and closed with the store unless the app lent it (<see cref="RedisWeb3SessionStoreOptions.ConnectionMultiplexerFactory"/>).
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    // Applied before the app's own string, so anything the app writes wins: start while Redis is down, give up on a
    // connection attempt after a second, and notice a dead idle connection within seconds. asyncTimeout (added per
    // store, from OperationTimeout) lets the client drop a command the store has already given up on.
    private const string ResilientDefaults = "abortConnect=false,connectTimeout=1000,syncTimeout=1000,keepAlive=10,";

    // The default backs off exponentially up to 10 s; a fixed 1 s keeps recovery well under the 5 s promised.
    private const int ReconnectIntervalMilliseconds = 1000;

    private readonly Func<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _owned;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _connecting;

    public RedisConnection(RedisWeb3SessionStoreOptions options, ILogger logger)
    {
        _logger = logger;
        if (options.ConnectionMultiplexerFactory is { } factory)
        {
            _connect = factory;
            return;
        }

        var configuration = CreateConfiguration(options);
        User = configuration.User;
        _owned = true;
        _connect = async () =>
        {
            // 2.x leaves the password out of this form; the string the app gave may hold one and is never logged.
            RedisLog.Connecting(_logger, configuration.ToString(includePassword: false));
            return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        };
    }

    /// <summary>The ACL user the store's own connection logs in as; <see langword="null"/> for the default user or a lent connection.</summary>
    public string? User { get; }

    /// <summary>Raised once, with the connection, the first time it is made.</summary>
    public event Action<IConnectionMultiplexer>? Connected;

    /// <summary>The connection; throws what connecting threw, and tries again on the next call.</summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        lock (_gate)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            return _connecting;
        }
    }

    /// <summary>
    /// The configuration of a connection the store makes itself. Either way it fails fast while disconnected
    /// (<see cref="BacklogPolicy.FailFast"/>): the default backlog holds commands until the connection is back or their
    /// timeout runs out, so a killed Redis answered 503 after 1.1–2.7 s instead of ≈25 ms, and an app started while Redis
    /// was down could miss the 5 s recovery promise (docs/redis.md, measured).
    /// </summary>
    public static ConfigurationOptions CreateConfiguration(RedisWeb3SessionStoreOptions options)
    {
        ConfigurationOptions configuration;
        if (options.ConfigurationOptions is { } given)
        {
            configuration = given.Clone();
            configuration.AbortOnConnectFail = false;
        }
        else
        {
            var asyncTimeout = (int)Math.Ceiling(options.OperationTimeout.TotalMilliseconds);
            configuration = ConfigurationOptions.Parse(ResilientDefaults + FormattableString.Invariant($"asyncTimeout={asyncTimeout},") + options.Configuration);
            configuration.ReconnectRetryPolicy = new LinearRetry(ReconnectIntervalMilliseconds);
        }

        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }

    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            connecting = _connecting;
        }

        if (connecting is not { IsCompletedSuccessfully: true })
        {
            return;
        }

        var connection = connecting.Result;
        connection.ConnectionFailed -= OnConnectionFailed;
        connection.ConnectionRestored -= OnConnectionRestored;
        if (_owned)
        {
            await connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            connection.Dispose();
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await _connect().ConfigureAwait(false);
        connection.ConnectionFailed += OnConnectionFailed;
        connection.ConnectionRestored += OnConnectionRestored;
        Connected?.Invoke(connection);
        return connection;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        RedisLog.ConnectionLost(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString(), e.FailureType.ToString(), e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        RedisLog.ConnectionRestored(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString());
}
