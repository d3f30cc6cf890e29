using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Listens on the invalidation channel and applies what it hears to this node's <see cref="LocalSessionCache"/>,
/// and decides whether that cache may be trusted: only while the subscription is known to work. It knows by
/// publishing a probe to itself every check interval; a probe that does not come back in time, or a lost
/// subscription connection, distrusts the cache until a probe sent after that comes back.
/// </summary>
internal sealed class InvalidationSubscription(LocalSessionCache cache, RedisChannel channel, TimeSpan checkInterval, ILogger logger) : IDisposable
{
    private readonly string _nodeId = Guid.NewGuid().ToString("N");
    private readonly long _checkIntervalTicks = (long)(checkInterval.TotalSeconds * Stopwatch.Frequency);
    private readonly Lock _gate = new();
    private IConnectionMultiplexer? _connection;
    private ISubscriber? _subscriber;
    private Timer? _timer;
    private volatile bool _subscribed;
    private volatile bool _disposed;
    private long _sequence;
    private long _acceptFrom = 1;
    private long _pendingSince;

    /// <summary>Whether this node may answer from its cache now.</summary>
    public bool IsListening => cache.IsTrusted && _subscriber?.IsConnected(channel) == true;

    /// <summary>Subscribes and starts probing; once, on the first connection.</summary>
    public void Start(IConnectionMultiplexer connection)
    {
        lock (_gate)
        {
            if (_connection is not null || _disposed)
            {
                return;
            }

            _connection = connection;
            _subscriber = connection.GetSubscriber();
            connection.ConnectionFailed += OnConnectionFailed;
            connection.ConnectionRestored += OnConnectionRestored;
            _timer = new Timer(_ => Check(), null, checkInterval, checkInterval);
        }

        _ = SubscribeAsync();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            if (_connection is not null)
            {
                _connection.ConnectionFailed -= OnConnectionFailed;
                _connection.ConnectionRestored -= OnConnectionRestored;
            }
        }

        cache.Distrust();
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _subscriber!.SubscribeAsync(channel, OnMessage).ConfigureAwait(false);
            _subscribed = true;
            await ProbeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Redis is down; the next check tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
            await ForgetHandlerAsync().ConfigureAwait(false);
        }
    }

    // So that a retried SUBSCRIBE does not leave this handler registered twice.
    private async Task ForgetHandlerAsync()
    {
        try
        {
            await _subscriber!.UnsubscribeAsync(channel, OnMessage).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: the handler is idempotent anyway.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Check()
    {
        if (_disposed)
        {
            return;
        }

        // A probe takes a round trip (a millisecond on a LAN); half an interval is generous, and it keeps timer
        // jitter from letting a lost probe pass for one more interval.
        var since = Interlocked.Read(ref _pendingSince);
        if (since != 0 && Stopwatch.GetTimestamp() - since >= _checkIntervalTicks / 2)
        {
            Distrust("a probe did not come back within " + checkInterval.TotalMilliseconds / 2 + " ms");
        }

        if (!_subscribed)
        {
            _ = SubscribeAsync();
            return;
        }

        _ = ProbeAsync();
    }

    private async Task ProbeAsync()
    {
        long sequence;
        lock (_gate)
        {
            sequence = ++_sequence;
            if (_pendingSince == 0)
            {
                _pendingSince = Stopwatch.GetTimestamp();
            }
        }

        try
        {
            await _subscriber!.PublishAsync(channel, InvalidationMessage.Probe(_nodeId, sequence)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to publish means the same: the subscription cannot be vouched for.
        catch (Exception)
#pragma warning restore CA1031
        {
            Distrust("publishing a probe failed");
        }
    }

    private void OnMessage(RedisChannel from, RedisValue value)
    {
        string? message = value;
        if (message is null)
        {
            return;
        }

        if (InvalidationMessage.TryReadSessions(message, out var sessionIds))
        {
            cache.Invalidate(sessionIds);
            RedisLog.SessionsInvalidated(logger, sessionIds.Length);
        }
        else if (InvalidationMessage.TryReadProbe(message, out var nodeId, out var sequence) && nodeId == _nodeId)
        {
            Confirm(sequence);
        }
    }

    // Only the latest probe counts, and only if it was sent after the last loss: an older one may have travelled
    // before the loss and proves nothing about what came after.
    private void Confirm(long sequence)
    {
        lock (_gate)
        {
            if (sequence != _sequence || sequence < _acceptFrom)
            {
                return;
            }

            _pendingSince = 0;
        }

        if (cache.Trust())
        {
            RedisLog.SubscriptionConfirmed(logger);
        }
    }

    private void Distrust(string reason)
    {
        lock (_gate)
        {
            _acceptFrom = _sequence + 1;
            _pendingSince = 0;
        }

        if (cache.Distrust())
        {
            RedisLog.SubscriptionLost(logger, reason);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Distrust("the subscription connection failed: " + e.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription && !_disposed)
        {
            _ = ProbeAsync();
        }
    }
}
