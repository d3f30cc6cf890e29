using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Listens on the invalidation channel and applies what it hears to this node's <see cref="LocalSessionCache"/>,
/// and decides how long that cache may be trusted. It publishes a probe to itself twice per check interval. Redis
/// delivers a connection's messages in order, so a probe that comes back proves that every invalidation published
/// before the probe was has been applied; the cache then answers until one check interval after the probe was sent,
/// and a later probe extends that. A lost subscription connection distrusts the cache at once (all its entries are
/// dropped), and only a probe sent after the loss, back on the connection that replaced it, trusts it again.
/// <para>
/// What remains: Redis can drop the subscriber (and a revocation be published to nobody) before this node learns
/// of it. Until it does, its cache still answers, for at most one check interval after the last probe that came
/// back was sent — that probe travelled before the loss, so this is at most one interval after the revocation. A
/// reset connection (a killed client, a restarted Redis) is learned as soon as the client reads the closed socket;
/// a silent one (a network that drops packets) only when the proof runs out.
/// </para>
/// </summary>
internal sealed class InvalidationSubscription(LocalSessionCache cache, RedisChannel channel, TimeSpan checkInterval, ILogger logger) : IDisposable
{
    private readonly string _nodeId = Guid.NewGuid().ToString("N");
    private readonly long _proofTicks = LocalSessionCache.Ticks(checkInterval, cache.Time);
    private readonly Lock _gate = new();
    private readonly Queue<(long Sequence, long SentAt)> _pending = new();
    private IConnectionMultiplexer? _connection;
    private ISubscriber? _subscriber;
    private ITimer? _timer;
    private volatile bool _subscribed;
    private int _subscribing;
    private volatile bool _disposed;
    private long _sequence;
    private long _acceptFrom = 1;
    private SubscriptionConnection? _trustedOn;

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

            // Twice per interval, so that a healthy subscription renews its proof half an interval before it runs out.
            var period = checkInterval / 2;
            _timer = cache.Time.CreateTimer(_ => Check(), null, period, period);
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

            cache.Distrust();
        }
    }

    private async Task SubscribeAsync()
    {
        // One attempt at a time: a check can come round while the first SUBSCRIBE is still on its way.
        if (Interlocked.Exchange(ref _subscribing, 1) == 1)
        {
            return;
        }

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
        finally
        {
            Volatile.Write(ref _subscribing, 0);
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

        // The cache already stopped answering by itself when its proof ran out; this empties it and says so.
        bool lost;
        lock (_gate)
        {
            lost = cache.ProofExpired && DistrustLocked();
        }

        if (lost)
        {
            RedisLog.SubscriptionLost(logger, "no probe came back within " + checkInterval.TotalMilliseconds + " ms");
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
            var now = cache.Time.GetTimestamp();

            // A probe that comes back after a whole interval proves nothing any more; forget those still out.
            while (_pending.TryPeek(out var oldest) && oldest.SentAt + _proofTicks <= now)
            {
                _pending.Dequeue();
            }

            _pending.Enqueue((sequence, now));
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

    // A probe sent before the last loss may have travelled before it and proves nothing about what came after. One
    // that came back on another connection than the one the cache was trusted on means a loss the events have not
    // reported yet (they and the messages need not arrive in order): distrust, and wait for the next probe.
    private void Confirm(long sequence)
    {
        bool trusted, lost = false;
        lock (_gate)
        {
            if (sequence < _acceptFrom || !TryTakeSentAt(sequence, out var sentAt) || CurrentConnection() is not { } connection)
            {
                return;
            }

            if (_trustedOn is { } known && known != connection)
            {
                lost = DistrustLocked();
                trusted = false;
            }
            else if (trusted = cache.Trust(sentAt + _proofTicks))
            {
                _trustedOn = connection;
            }
        }

        if (lost)
        {
            RedisLog.SubscriptionLost(logger, "the subscription connection was replaced");
        }
        else if (trusted)
        {
            RedisLog.SubscriptionConfirmed(logger);
        }
    }

    // Probes come back in the order they were sent, so those before this one are lost or late: drop them too.
    private bool TryTakeSentAt(long sequence, out long sentAt)
    {
        sentAt = 0;
        var found = false;
        while (_pending.TryPeek(out var oldest) && oldest.Sequence <= sequence)
        {
            _pending.Dequeue();
            if (oldest.Sequence == sequence)
            {
                sentAt = oldest.SentAt;
                found = true;
            }
        }

        return found;
    }

    // Which physical connection carries the subscription: StackExchange.Redis counts the sockets it opened for it.
    private SubscriptionConnection? CurrentConnection()
    {
        try
        {
            return _subscriber!.SubscribedEndpoint(channel) is { } endpoint
                ? new SubscriptionConnection(endpoint, _connection!.GetServer(endpoint).GetCounters().Subscription.SocketCount)
                : null;
        }
#pragma warning disable CA1031 // Cannot tell which connection: then this probe vouches for nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private void Distrust(string reason)
    {
        bool was;
        lock (_gate)
        {
            was = DistrustLocked();
        }

        if (was)
        {
            RedisLog.SubscriptionLost(logger, reason);
        }
    }

    private bool DistrustLocked()
    {
        _acceptFrom = _sequence + 1;
        _pending.Clear();
        _trustedOn = null;
        return cache.Distrust();
    }

    // As soon as StackExchange.Redis reports the loss: from here on nothing cached before it is answered.
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

    private sealed record SubscriptionConnection(EndPoint EndPoint, long Sockets);
}
