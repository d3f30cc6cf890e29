using Microsoft.Extensions.Caching.Distributed;

namespace Web3Auth.AspNetCore.Tests.Stores;

/// <summary>
/// A distributed cache 5 ms away, as SQL Server or Redis behind <see cref="IDistributedCache"/> are: every call yields
/// and waits, which widens every read-modify-write window the store might leave open.
/// </summary>
public sealed class SlowCache(IDistributedCache inner) : IDistributedCache
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(5);

    public byte[]? Get(string key) => inner.Get(key);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        await Task.Delay(Latency, token);
        return await inner.GetAsync(key, token);
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        await Task.Delay(Latency, token);
        await inner.SetAsync(key, value, options, token);
    }

    public void Refresh(string key) => inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

    public void Remove(string key) => inner.Remove(key);

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        await Task.Delay(Latency, token);
        await inner.RemoveAsync(key, token);
    }
}
