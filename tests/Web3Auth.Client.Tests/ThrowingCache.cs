using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Web3Auth.Client.Tests;

/// <summary>An in-memory cache that can be switched off, to make the server's session store unavailable.</summary>
public sealed class ThrowingCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

    private volatile bool _down;

    public bool Down { get => _down; set => _down = value; }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new TimeoutException("cache server timed out");
        }
    }

    public byte[]? Get(string key) { ThrowIfDown(); return _inner.Get(key); }

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) { ThrowIfDown(); return _inner.GetAsync(key, token); }

    public void Refresh(string key) { ThrowIfDown(); _inner.Refresh(key); }

    public Task RefreshAsync(string key, CancellationToken token = default) { ThrowIfDown(); return _inner.RefreshAsync(key, token); }

    public void Remove(string key) { ThrowIfDown(); _inner.Remove(key); }

    public Task RemoveAsync(string key, CancellationToken token = default) { ThrowIfDown(); return _inner.RemoveAsync(key, token); }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) { ThrowIfDown(); _inner.Set(key, value, options); }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) { ThrowIfDown(); return _inner.SetAsync(key, value, options, token); }
}
