namespace Web3Auth.AspNetCore;

/// <summary>The listeners of an <see cref="IWeb3SessionChangeFeed"/>: a copy-on-write array, raised without a lock.</summary>
internal sealed class SessionChangeListeners
{
    private readonly Lock _gate = new();
    private Action<Web3SessionChanges>[] _listeners = [];

    /// <summary>Raised when the first listener subscribes.</summary>
    public Action? FirstSubscribed { get; set; }

    public bool Any => Volatile.Read(ref _listeners).Length > 0;

    public IDisposable Subscribe(Action<Web3SessionChanges> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        bool first;
        lock (_gate)
        {
            first = _listeners.Length == 0;
            _listeners = [.. _listeners, listener];
        }

        if (first)
        {
            FirstSubscribed?.Invoke();
        }

        return new Subscription(this, listener);
    }

    public void Raise(Web3SessionChanges changes)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener(changes);
            }
#pragma warning disable CA1031 // A listener's failure must not fail the store's write that announced the change.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    public void Raise(IReadOnlyList<string> sessionIds)
    {
        if (sessionIds.Count > 0 && Any)
        {
            Raise(Web3SessionChanges.ForSessions(sessionIds));
        }
    }

    private void Unsubscribe(Action<Web3SessionChanges> listener)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index >= 0)
            {
                _listeners = [.. _listeners[..index], .. _listeners[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(SessionChangeListeners owner, Action<Web3SessionChanges> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(listener);
            }
        }
    }
}
