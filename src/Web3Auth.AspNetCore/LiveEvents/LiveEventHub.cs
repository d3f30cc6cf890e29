using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Every open live event stream of this node, by session id and by address, and the one subscription to the store's
/// <see cref="IWeb3SessionChangeFeed"/> that wakes them: a changed session id wakes the streams of that session and
/// the address streams of its owner (the id embeds the address); "may have missed changes" wakes them all. Enforces
/// the per-session and per-address caps. A store without a feed is logged once (streams then learn of changes only
/// on their timers: lapses and expiry).
/// </summary>
internal sealed class LiveEventHub : IDisposable
{
    private readonly IWeb3SessionStore _store;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<LiveStream>> _bySession = new(StringComparer.Ordinal);
    private readonly Dictionary<EthereumAddress, List<LiveStream>> _byAddress = [];
    private IDisposable? _feed;
    private bool _checkedFeed;
    private bool _disposed;

    public LiveEventHub(IWeb3SessionStore store, IHostApplicationLifetime lifetime, ILogger<LiveEventHub> logger)
    {
        _store = store;
        _logger = logger;
        Stopping = lifetime.ApplicationStopping;
    }

    /// <summary>Cancelled when the app begins to stop: every stream then ends cleanly.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>How many streams are open on this node.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _bySession.Values.Sum(streams => streams.Count);
            }
        }
    }

    /// <summary>The open streams, for tests.</summary>
    internal LiveStream[] Streams()
    {
        lock (_gate)
        {
            return _bySession.Values.SelectMany(streams => streams).ToArray();
        }
    }

    /// <summary>Registers <paramref name="stream"/>; false (nothing registered) when a cap is reached.</summary>
    public bool TryRegister(LiveStream stream, Web3LiveEventsOptions options)
    {
        ListenOnce();
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var ofSession = _bySession.TryGetValue(stream.SessionId, out var s) ? s : null;
            var ofAddress = _byAddress.TryGetValue(stream.Address, out var a) ? a : null;
            if (ofSession?.Count >= options.MaxStreamsPerSession || ofAddress?.Count >= options.MaxStreamsPerAddress)
            {
                return false;
            }

            if (ofSession is null)
            {
                _bySession[stream.SessionId] = ofSession = [];
            }

            if (ofAddress is null)
            {
                _byAddress[stream.Address] = ofAddress = [];
            }

            ofSession.Add(stream);
            ofAddress.Add(stream);
            return true;
        }
    }

    public void Unregister(LiveStream stream)
    {
        lock (_gate)
        {
            Remove(_bySession, stream.SessionId, stream);
            Remove(_byAddress, stream.Address, stream);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _feed?.Dispose();
    }

    /// <summary>What the feed announced: wakes the streams it concerns.</summary>
    internal void OnChanges(Web3SessionChanges changes)
    {
        List<LiveStream> woken = [];
        lock (_gate)
        {
            if (changes.MayHaveMissedChanges)
            {
                foreach (var streams in _bySession.Values)
                {
                    woken.AddRange(streams);
                }
            }
            else
            {
                foreach (var id in changes.SessionIds)
                {
                    if (_bySession.TryGetValue(id, out var ofSession))
                    {
                        woken.AddRange(ofSession.Where(stream => !stream.WatchesAddress));
                    }

                    if (SessionToken.TryReadSessionId(id, out var address) && _byAddress.TryGetValue(address, out var ofAddress))
                    {
                        woken.AddRange(ofAddress.Where(stream => stream.WatchesAddress));
                    }
                }
            }
        }

        foreach (var stream in woken)
        {
            stream.Changed();
        }
    }

    /// <summary>Logs once, at start-up, when the store announces no changes.</summary>
    public void CheckFeed()
    {
        if (_store is not IWeb3SessionChangeFeed)
        {
            Log.LiveEventsWithoutChangeFeed(_logger, _store.GetType().Name);
        }
    }

    private void ListenOnce()
    {
        lock (_gate)
        {
            if (_checkedFeed)
            {
                return;
            }

            _checkedFeed = true;
        }

        if (_store is IWeb3SessionChangeFeed feed)
        {
            var subscription = feed.Subscribe(OnChanges);
            lock (_gate)
            {
                _feed = subscription;
            }
        }
    }

    private static void Remove<TKey>(Dictionary<TKey, List<LiveStream>> index, TKey key, LiveStream stream)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var streams) && streams.Remove(stream) && streams.Count == 0)
        {
            index.Remove(key);
        }
    }
}
