namespace Web3Auth.AspNetCore;

/// <summary>
/// Implemented by a store whose changes can be heard: every session it creates, changes or ends is announced to the
/// listeners, so that the live events endpoints (docs/http-api.md#live-session-events) re-read the sessions they
/// watch as soon as they change instead of on timers. A store announces what it can hear: the default store its own
/// writes (this process's streams only), the Redis store every node's writes (through its pub/sub channel).
/// </summary>
/// <remarks>
/// An announcement carries no state: listeners re-read the store. Listeners are called on the store's thread and
/// must return quickly; they may be called concurrently.
/// </remarks>
public interface IWeb3SessionChangeFeed
{
    /// <summary>
    /// Starts delivering changes to <paramref name="listener"/> until the returned handle is disposed. A store may
    /// start listening to its backing service only when the first listener subscribes.
    /// </summary>
    IDisposable Subscribe(Action<Web3SessionChanges> listener);
}
