using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Listens on the invalidation channel and applies what it hears to this node's <see cref="LocalSessionCache"/>,
/// and decides how long that cache may be trusted. It publishes a probe to itself twice per check interval (on a
/// Redis Cluster, one through every primary that holds slots, since each forwards its scripts' invalidations over its
/// own bus links). Redis delivers a connection's messages in order, so a round of probes that comes back proves that
/// every invalidation published before it was has been applied; the cache then answers until one check interval after the probe was sent,
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
    private readonly Queue<ProbeRound> _pending = new();
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

    // One round: a probe through every primary (one, outside a Cluster). The round proves the subscription once all
    // of its probes came back: each travelled the same way as the invalidations published on its primary.
    private async Task ProbeAsync()
    {
        var targets = ProbeTargets();
        if (targets.Length == 0)
        {
            return; // a Cluster whose layout is not known yet: nothing to vouch with
        }

        long round;
        lock (_gate)
        {
            round = ++_sequence;
            var now = cache.Time.GetTimestamp();

            // A probe that comes back after a whole interval proves nothing any more; forget those still out.
            while (_pending.TryPeek(out var oldest) && oldest.SentAt + _proofTicks <= now)
            {
                _pending.Dequeue();
            }

            _pending.Enqueue(new ProbeRound(round, now, targets.Length));
        }

        try
        {
            await Task.WhenAll(targets.Select(async (target, index) =>
            {
                var probe = InvalidationMessage.Probe(_nodeId, round, index);
                if (target is null)
                {
                    await _subscriber!.PublishAsync(channel, probe).ConfigureAwait(false);
                }
                else
                {
                    await _connection!.GetServer(target).ExecuteAsync("PUBLISH", (RedisValue)channel.ToString(), (RedisValue)probe).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure to publish means the same: the subscription cannot be vouched for.
        catch (Exception)
#pragma warning restore CA1031
        {
            Distrust("publishing a probe failed");
        }
    }

    // Outside a Cluster: one probe, published like any message. In a Cluster every primary that holds slots publishes
    // one (PUBLISH reaches the subscriber's node over the cluster bus, as the scripts' invalidations do), so a primary
    // that cannot be reached, or whose messages do not arrive, keeps the cache from being trusted.
    private EndPoint?[] ProbeTargets()
    {
        try
        {
            return ClusterLayout.Primaries(_connection!) is { } primaries ? [.. primaries] : [null];
        }
#pragma warning disable CA1031 // No layout: no probe, and so no trust.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
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
        else if (InvalidationMessage.TryReadProbe(message, out var nodeId, out var round, out var index) && nodeId == _nodeId)
        {
            Confirm(round, index);
        }
    }

    // A probe sent before the last loss may have travelled before it and proves nothing about what came after. One
    // that came back on another connection than the one the cache was trusted on means a loss the events have not
    // reported yet (they and the messages need not arrive in order): distrust, and wait for the next probe.
    private void Confirm(long round, int index)
    {
        bool trusted, lost = false;
        lock (_gate)
        {
            if (round < _acceptFrom || !TryCompleteRound(round, index, out var sentAt))
            {
                return;
            }

            if (CurrentConnection() is not { } connection)
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

    // Marks one probe of a round as back; true (with when the round was sent) once the whole round is. A complete
    // round supersedes the rounds before it, which are dropped.
    private bool TryCompleteRound(long round, int index, out long sentAt)
    {
        sentAt = 0;
        var match = _pending.FirstOrDefault(pending => pending.Number == round);
        if (match is null || !match.Arrived(index))
        {
            return false;
        }

        while (_pending.TryPeek(out var oldest) && oldest.Number <= round)
        {
            _pending.Dequeue();
        }

        sentAt = match.SentAt;
        return true;
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

    private sealed class ProbeRound(long number, long sentAt, int probes)
    {
        private readonly bool[] _back = new bool[probes];
        private int _outstanding = probes;

        public long Number => number;

        public long SentAt => sentAt;

        /// <summary>Records probe <paramref name="index"/> as back; true when it was the last one of the round.</summary>
        public bool Arrived(int index)
        {
            if (index < 0 || index >= _back.Length || _back[index])
            {
                return false;
            }

            _back[index] = true;
            return --_outstanding == 0;
        }
    }
}
