using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// The store's <see cref="IWeb3SessionChangeFeed"/>: a second handler on the invalidation channel (beside
/// <see cref="InvalidationSubscription"/>, which serves the local cache and is not involved), subscribed when the first
/// listener subscribes. Every <c>s:{id} …</c> message — published by the scripts that create (with the sessions the
/// cap ended), replace and remove sessions, on whichever node made the change — is announced as those ids. A lost or
/// restored subscription connection is announced as "may have missed changes", so streams re-read what they watch.
/// It drops the announced sessions from the local cache before announcing them (as the cache's own handler does), so
/// a stream's re-read never gets the copy the change replaced.
/// </summary>
internal sealed class ChangeFeedSubscription(RedisConnection connection, RedisChannel channel, LocalSessionCache? cache) : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly SessionChangeListeners _listeners = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private IConnectionMultiplexer? _multiplexer;
    private ISubscriber? _subscriber;
    private int _started;
    private int _disposing;

    public IDisposable Subscribe(Action<Web3SessionChanges> listener)
    {
        var subscription = _listeners.Subscribe(listener);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = SubscribeAsync();
        }

        return subscription;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        _disposed.Cancel();
        lock (_gate)
        {
            if (_multiplexer is not null)
            {
                _multiplexer.ConnectionFailed -= OnConnectionFailed;
                _multiplexer.ConnectionRestored -= OnConnectionRestored;
            }
        }

        try
        {
            _subscriber?.Unsubscribe(channel, OnMessage, CommandFlags.FireAndForget);
        }
#pragma warning disable CA1031 // Best effort: the connection may be gone already.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    // Until it works: Redis may be down when the first stream opens. Once subscribed, the client re-subscribes by
    // itself after a reconnect, and the reconnect is announced.
    private async Task SubscribeAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await connection.GetAsync().ConfigureAwait(false);
                lock (_gate)
                {
                    if (_multiplexer is null)
                    {
                        _multiplexer = multiplexer;
                        multiplexer.ConnectionFailed += OnConnectionFailed;
                        multiplexer.ConnectionRestored += OnConnectionRestored;
                    }
                }

                _subscriber = multiplexer.GetSubscriber();
                await _subscriber.SubscribeAsync(channel, OnMessage).ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // Redis is down: try again; streams meanwhile learn of changes on their timers.
            catch (Exception)
#pragma warning restore CA1031
            {
                try
                {
                    _subscriber?.Unsubscribe(channel, OnMessage, CommandFlags.FireAndForget);
                }
#pragma warning disable CA1031
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            try
            {
                await Task.Delay(RetryInterval, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnMessage(RedisChannel _, RedisValue message)
    {
        if (InvalidationMessage.TryReadSessions(message.ToString(), out var sessionIds))
        {
            // The streams re-read at once: whichever handler Redis calls first, the cache must not answer for these.
            cache?.Invalidate(sessionIds);
            _listeners.Raise(sessionIds);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _listeners.Raise(Web3SessionChanges.Missed);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _listeners.Raise(Web3SessionChanges.Missed);
        }
    }
}
