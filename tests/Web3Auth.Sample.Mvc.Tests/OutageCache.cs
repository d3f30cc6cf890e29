using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Mvc.Tests;

/// <summary>The sample's in-memory session cache, with a switch that makes it fail like an unreachable cache server.</summary>
public sealed class OutageCache : IDistributedCache
{
    private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public byte[]? Get(string key) => Up()._inner.Get(key);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Up()._inner.GetAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Up()._inner.Set(key, value, options);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Up()._inner.SetAsync(key, value, options, token);

    public void Refresh(string key) => Up()._inner.Refresh(key);

    public Task RefreshAsync(string key, CancellationToken token = default) => Up()._inner.RefreshAsync(key, token);

    public void Remove(string key) => Up()._inner.Remove(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => Up()._inner.RemoveAsync(key, token);

    private OutageCache Up() => _down ? throw new TimeoutException("The cache server did not answer.") : this;
}
