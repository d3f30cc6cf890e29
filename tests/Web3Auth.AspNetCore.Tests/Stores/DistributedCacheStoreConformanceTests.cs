using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class DistributedCacheStoreConformanceTests : Web3SessionStoreConformanceTests
{
    protected override IWeb3SessionStore CreateStore() =>
        new DistributedCacheWeb3SessionStore(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
}

public class DistributedCacheStoreRaceConformanceTests : Web3SessionRaceConformanceTests
{
    protected override IReadOnlyList<IWeb3SessionStore> CreateNodes() =>
        [new DistributedCacheWeb3SessionStore(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))];
}

/// <summary>The races again over a cache with 5 ms latency (the review lost 40 of 50 revocations there).</summary>
public class SlowDistributedCacheStoreRaceConformanceTests : Web3SessionRaceConformanceTests
{
    protected override IReadOnlyList<IWeb3SessionStore> CreateNodes() =>
        [new DistributedCacheWeb3SessionStore(new SlowCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()))))];
}
