namespace Web3Auth.AspNetCore.Tests.Stores;

/// <summary>
/// Wraps a store and holds a chosen write until the test releases it: the deterministic way to interleave two
/// operations (one has read its record and is about to write; the other runs to the end; then the first writes).
/// </summary>
public sealed class PausingStore(IWeb3SessionStore inner) : IWeb3SessionStore
{
    private readonly object _gate = new();
    private Pause? _armed;

    public IWeb3SessionStore Inner { get; } = inner;

    /// <summary>Holds the next <see cref="TryReplaceSessionAsync"/> that matches <paramref name="when"/>.</summary>
    public Pause PauseNextReplace(Func<Web3Session, bool>? when = null)
    {
        var pause = new Pause(when ?? (_ => true));
        lock (_gate)
        {
            Assert.Null(_armed);
            _armed = pause;
        }

        return pause;
    }

    public async Task<bool> TryReplaceSessionAsync(Web3Session session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Pause? pause;
        lock (_gate)
        {
            pause = _armed is { } armed && armed.Matches(session) ? armed : null;
            if (pause is not null)
            {
                _armed = null;
            }
        }

        if (pause is not null)
        {
            await pause.HoldAsync();
        }

        return await Inner.TryReplaceSessionAsync(session, now, cancellationToken);
    }

    public Task<bool> TryUseOnceAsync(string scheme, string key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.TryUseOnceAsync(scheme, key, expiresAt, now, cancellationToken);

    public Task<int> CreateSessionAsync(Web3Session session, int maxSessionsPerOwner, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.CreateSessionAsync(session, maxSessionsPerOwner, now, cancellationToken);

    public Task<Web3Session?> FindSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.FindSessionAsync(owner, sessionId, now, cancellationToken);

    public Task<bool> RemoveSessionAsync(Web3SessionOwner owner, string sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.RemoveSessionAsync(owner, sessionId, now, cancellationToken);

    public Task<IReadOnlyList<Web3Session>> ListSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.ListSessionsAsync(owner, now, cancellationToken);

    public Task<int> RemoveAllSessionsAsync(Web3SessionOwner owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        Inner.RemoveAllSessionsAsync(owner, now, cancellationToken);

    /// <summary>One held write: <see cref="Reached"/> completes when the write arrives; it goes on after <see cref="Release"/>.</summary>
    public sealed class Pause(Func<Web3Session, bool> when)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the held write has arrived (its record was read, nothing written yet).</summary>
        public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Release() => _released.TrySetResult();

        internal bool Matches(Web3Session session) => when(session);

        internal async Task HoldAsync()
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
