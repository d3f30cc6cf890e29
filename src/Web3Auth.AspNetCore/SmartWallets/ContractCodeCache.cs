using System.Collections.Concurrent;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A short, bounded memory of <c>eth_getCode</c> answers: whether an address on a chain has code. Only answers are
/// kept, never failures, each for <see cref="Lifetime"/>, and never more than <see cref="Capacity"/> of them.
/// </summary>
/// <remarks>
/// Why: the code check is the first chain call of a sign-in that is not an EOA's own signature, and anyone holding an
/// issued sign-in message can send junk signatures for it; without this each one would cost a metered JSON-RPC call.
/// Why a short lifetime is safe: code does not go away (since EIP-6780 <c>SELFDESTRUCT</c> clears it only in the
/// transaction that created it), so "has code" cannot turn stale in a harmful way; "no code" turns stale when the wallet
/// is deployed, which at worst refuses that wallet's plain EIP-1271 signature for one lifetime (an EIP-6492 signature
/// does not depend on it). Why bounded: a flood of distinct addresses must not grow memory; when full, expired entries
/// go first, then the oldest quarter, so each eviction pays for many additions.
/// </remarks>
internal sealed class ContractCodeCache(TimeProvider time, TimeSpan lifetime, int capacity)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<(ulong ChainId, EthereumAddress Address), Entry> _entries = new();

    // Additions are rare (one per answered chain call) and serialised, so the capacity holds exactly; reads take no lock.
    private readonly Lock _adding = new();

    public TimeSpan Lifetime => lifetime;

    public int Capacity => capacity;

    public int Count => _entries.Count;

    public bool TryGet(ulong chainId, EthereumAddress address, out bool hasCode)
    {
        if (_entries.TryGetValue((chainId, address), out var entry) && time.GetUtcNow().UtcTicks < entry.ExpiresAt)
        {
            hasCode = entry.HasCode;
            return true;
        }

        hasCode = false;
        return false;
    }

    public void Set(ulong chainId, EthereumAddress address, bool hasCode)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_adding)
        {
            if (!_entries.ContainsKey((chainId, address)) && _entries.Count >= capacity)
            {
                MakeRoom(now);
            }

            _entries[(chainId, address)] = new Entry(hasCode, now + lifetime.Ticks);
        }
    }

    private void MakeRoom(long now)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(entry);
            }
        }

        // Every entry lives equally long, so the oldest are the ones expiring first.
        var excess = _entries.Count - (capacity - Math.Max(1, capacity / 4));
        if (excess > 0)
        {
            foreach (var entry in _entries.OrderBy(e => e.Value.ExpiresAt).Take(excess).ToList())
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private readonly record struct Entry(bool HasCode, long ExpiresAt);
}
