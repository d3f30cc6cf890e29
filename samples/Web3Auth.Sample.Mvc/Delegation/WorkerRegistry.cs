using System.Collections.Concurrent;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Delegation;

/// <summary>
/// What the site knows of the background worker: the public key it published, and the signed sign-in messages
/// users handed over for that key, until the worker collects them (each once) or they can no longer be used. In
/// memory: after a restart of the site the worker publishes its key again. One waiting message per account; a newer
/// one replaces it.
/// </summary>
public sealed class WorkerRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<EthereumAddress, WorkerDelegation> _waiting = new();
    private WorkerKey? _key;

    /// <summary>The worker's key, or <see langword="null"/> while no worker has connected.</summary>
    public WorkerKey? Key => Volatile.Read(ref _key);

    /// <summary>Sets the worker's key; messages waiting for another key are dropped.</summary>
    public void Register(WorkerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Volatile.Write(ref _key, key);
        foreach (var (address, waiting) in _waiting)
        {
            if (waiting.DidKey != key.DidKey)
            {
                _waiting.TryRemove(new KeyValuePair<EthereumAddress, WorkerDelegation>(address, waiting));
            }
        }
    }

    /// <summary>Keeps <paramref name="delegation"/> for the worker, replacing one of the same account still waiting.</summary>
    public void HandOver(WorkerDelegation delegation)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        _waiting[delegation.Address] = delegation;
    }

    /// <summary>Whether a message of <paramref name="address"/> waits for the worker.</summary>
    public bool IsWaiting(EthereumAddress address) =>
        _waiting.TryGetValue(address, out var waiting) && waiting.PickUpBefore > time.GetUtcNow() && waiting.DidKey == Key?.DidKey;

    /// <summary>The oldest message waiting for the current key, removed: the worker gets each once.</summary>
    public WorkerDelegation? TakeNext()
    {
        var now = time.GetUtcNow();
        foreach (var waiting in _waiting.Values.OrderBy(d => d.HandedOverAt))
        {
            if (!_waiting.TryRemove(new KeyValuePair<EthereumAddress, WorkerDelegation>(waiting.Address, waiting)))
            {
                continue; // replaced or taken meanwhile
            }

            if (waiting.PickUpBefore > now && waiting.DidKey == Key?.DidKey)
            {
                return waiting;
            }
        }

        return null;
    }
}

/// <summary>A sign-in message an account signed for the worker's key, waiting for the worker.</summary>
/// <param name="Address">The account that signed.</param>
/// <param name="DidKey">The key it delegates to (the message's URI).</param>
/// <param name="Message">The message as the site issued it.</param>
/// <param name="Signature">The wallet's signature.</param>
/// <param name="HandedOverAt">When the account handed it over.</param>
/// <param name="PickUpBefore">After this the site would refuse it (its ticket expired), so it is dropped.</param>
public sealed record WorkerDelegation(EthereumAddress Address, string DidKey, string Message, string Signature, DateTimeOffset HandedOverAt, DateTimeOffset PickUpBefore);
