// Redis at scale, measured on this machine: memory per session, authenticate (FindSessionAsync) latency at 1k and at
// 1M sessions with and without the local cache, Redis CPU per authenticate, and revoke-all of one owner holding 10,000
// sessions. Starts its own redis-server (persistence off) on a free loopback port and stops it at the end.
//
//   dotnet run -c Release --project benchmarks/redis-scale [-- --sessions 1000000 --owner-sessions 10000]
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Web3Auth.AspNetCore;
using Web3Auth.AspNetCore.Redis;
using Web3Auth.Siwe;
using Web3Auth.Testing;

var sessions = Argument("--sessions", 1_000_000);
var ownerSessions = Argument("--owner-sessions", 10_000);
var lookups = Argument("--lookups", 20_000);
var deadline = Stopwatch.StartNew();
var budget = TimeSpan.FromMinutes(Argument("--minutes", 20));
const string Scheme = "Web3";
var now = DateTimeOffset.UtcNow;

await using var redis = await RedisServer.StartAsync();
var admin = await redis.AdminAsync();
Console.WriteLine($"redis-server {await InfoAsync(admin, "server", "redis_version")} on 127.0.0.1:{redis.Port}; {Environment.ProcessorCount} cores; {sessions:N0} sessions");

await using var plain = Store(TimeSpan.Zero, 10_000);
await using var cached = Store(TimeSpan.FromSeconds(30), 10_000);
await WaitForTrustAsync(cached);

var ids = new List<(Web3SessionOwner Owner, string Id)>(sessions);
var memoryEmpty = await UsedMemoryAsync(admin);

// 1,000 sessions first, measured, then the rest.
await LoadAsync(1_000);
var memory1k = await UsedMemoryAsync(admin);
Console.WriteLine(Invariant($"1k sessions: used_memory grew {(memory1k - memoryEmpty) / 1000.0:F0} B per session"));
var small = await MeasureAsync(Invariant($"{ids.Count:N0}"));

var loadClock = Stopwatch.StartNew();
await LoadAsync(sessions - 1_000);
var loaded = loadClock.Elapsed;
var memory1m = await UsedMemoryAsync(admin);
var perSession = (memory1m - memoryEmpty) / (double)sessions;
Console.WriteLine(Invariant($"loaded {sessions - 1_000:N0} more in {loaded.TotalSeconds:F1} s ({(sessions - 1_000) / loaded.TotalSeconds:F0}/s, 256 in flight)"));
Console.WriteLine(Invariant($"{sessions:N0} sessions: used_memory {memory1m / 1048576.0:F0} MiB, {perSession:F0} B per session (record + its own list: one address each), {1e9 / perSession:N0} sessions per GB; used_memory_rss {long.Parse(await InfoAsync(admin, "memory", "used_memory_rss"), CultureInfo.InvariantCulture) / 1048576.0:F0} MiB"));
var large = await MeasureAsync(Invariant($"{ids.Count:N0}"));

// Throughput and Redis CPU per authenticate: 64 lookups in flight, no local cache.
{
    var cpuBefore = await RedisCpuSecondsAsync(admin);
    var clock = Stopwatch.StartNew();
    const int Total = 200_000;
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 64).Select(async worker =>
    {
        while (Interlocked.Increment(ref next) < Total)
        {
            var (owner, id) = ids[Random.Shared.Next(ids.Count)];
            _ = await plain.FindSessionAsync(owner, id, now, default) ?? throw new InvalidOperationException("a loaded session was not found");
        }
    }));
    var cpu = await RedisCpuSecondsAsync(admin) - cpuBefore;
    Console.WriteLine(Invariant($"throughput at {ids.Count:N0} sessions, no local cache, one client process, 64 in flight: {Total / clock.Elapsed.TotalSeconds:F0} authenticates/s; redis-server CPU {cpu * 1e6 / Total:F1} µs per authenticate (=> {Total / cpu:F0}/s per Redis core)"));
}

// Revoke-all of one owner holding many sessions (the cap MaxSessionsPerAddress is 1,000 at most; the store takes any).
{
    var owner = new Web3SessionOwner(Scheme, new EthereumAddress(RandomNumberGenerator.GetBytes(20)));
    var times = new List<double>();
    for (var run = 0; run < 3; run++)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async worker =>
        {
            while (Interlocked.Increment(ref next) < ownerSessions)
            {
                await plain.CreateSessionAsync(NewSession(owner.Address), ownerSessions + 1, now, default);
            }
        }));
        var probe = ids[0];
        var during = new List<double>();
        using var stop = new CancellationTokenSource();
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var c = Stopwatch.StartNew();
                await plain.FindSessionAsync(probe.Owner, probe.Id, now, default);
                during.Add(c.Elapsed.TotalMilliseconds);
            }
        });
        await Task.Delay(50);
        var clock = Stopwatch.StartNew();
        var removed = await plain.RemoveAllSessionsAsync(owner, now, default);
        times.Add(clock.Elapsed.TotalMilliseconds);
        await stop.CancelAsync();
        await prober;
        if (removed != ownerSessions)
        {
            throw new InvalidOperationException($"revoke-all removed {removed}, not {ownerSessions}");
        }

        Console.WriteLine(Invariant($"revoke-all of {ownerSessions:N0} sessions of one owner: {times[^1]:F1} ms; another owner's authenticate meanwhile: max {during.Max():F1} ms"));
    }

}

Console.WriteLine(Invariant($"done in {deadline.Elapsed.TotalSeconds:F0} s"));
Console.WriteLine();
Console.WriteLine("| sessions | local cache | authenticate p50 | p99 |");
Console.WriteLine("|---|---|---|---|");
foreach (var row in small.Concat(large))
{
    Console.WriteLine(row);
}

return 0;

async Task LoadAsync(int count)
{
    var next = -1;
    var batch = new (Web3SessionOwner, string)[count];
    await Task.WhenAll(Enumerable.Range(0, 256).Select(async worker =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            if ((i & 4095) == 0 && deadline.Elapsed > budget)
            {
                throw new TimeoutException($"loading took longer than {budget.TotalMinutes} minutes");
            }

            var session = NewSession(new EthereumAddress(RandomNumberGenerator.GetBytes(20)));
            await plain.CreateSessionAsync(session, 50, now, default);
            batch[i] = (session.Owner, session.Id);
        }
    }));
    ids.AddRange(batch);
}

// One request at a time: latency, not throughput. With the cache: a hot set of 5,000 sessions (each node's cache holds
// the sessions in use; 10,000 by default), read once to fill it, then read at random.
async Task<List<string>> MeasureAsync(string label)
{
    var rows = new List<string>();
    foreach (var store in new[] { plain, cached })
    {
        var pool = store == plain ? ids : ids.Take(5_000).ToList();
        var name = store == plain ? "off" : Invariant($"on, {pool.Count:N0} hot sessions");
        if (store == cached)
        {
            await WaitForTrustAsync(cached);
            foreach (var (owner, id) in pool)
            {
                await store.FindSessionAsync(owner, id, now, default);
            }
        }

        for (var i = 0; i < 2_000; i++)
        {
            var (owner, id) = pool[Random.Shared.Next(pool.Count)];
            await store.FindSessionAsync(owner, id, now, default);
        }

        var samples = new double[lookups];
        for (var i = 0; i < lookups; i++)
        {
            var (owner, id) = pool[Random.Shared.Next(pool.Count)];
            var started = Stopwatch.GetTimestamp();
            _ = await store.FindSessionAsync(owner, id, now, default) ?? throw new InvalidOperationException("a loaded session was not found");
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        var row = Invariant($"| {label} | {name} | {samples[lookups / 2]:F1} µs | {samples[lookups * 99 / 100]:F1} µs |");
        Console.WriteLine(row);
        rows.Add(row);
    }

    return rows;
}

RedisWeb3SessionStore Store(TimeSpan cache, int size) => new(
    Options.Create(new RedisWeb3SessionStoreOptions { Configuration = redis.Configuration, KeyPrefix = "web3auth:", LocalCacheDuration = cache, LocalCacheSize = size, OperationTimeout = TimeSpan.FromSeconds(10) }),
    NullLoggerFactory.Instance);

static async Task WaitForTrustAsync(RedisWeb3SessionStore store)
{
    // The store connects on first use; its cache answers once a probe of its subscription came back.
    await store.FindSessionAsync(new Web3SessionOwner(Scheme, default), "warm-up", DateTimeOffset.UtcNow, default);
    var owner = new Web3SessionOwner(Scheme, new EthereumAddress(RandomNumberGenerator.GetBytes(20)));
    var session = NewSession(owner.Address);
    await store.CreateSessionAsync(session, 50, DateTimeOffset.UtcNow, default);
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        await store.FindSessionAsync(owner, session.Id, DateTimeOffset.UtcNow, default);
        var started = Stopwatch.GetTimestamp();
        await store.FindSessionAsync(owner, session.Id, DateTimeOffset.UtcNow, default);
        if (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMicroseconds(20))
        {
            return; // answered from memory
        }

        await Task.Delay(50);
    }

    throw new TimeoutException("the local cache was never trusted");
}

static Web3Session NewSession(EthereumAddress address) => new()
{
    Id = Base64Url.EncodeToString([.. address.ToArray(), .. RandomNumberGenerator.GetBytes(16)]),
    Scheme = Scheme,
    Domain = "app.example.com",
    Version = 1,
    Address = address,
    ChainId = 1,
    TokenHash = RandomNumberGenerator.GetBytes(32),
    CreatedAt = DateTimeOffset.UtcNow,
    ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
    Permissions = new[] { "profile/read", "profile/write", "notes/read", "notes/write" }.Select(p => new Web3SessionPermission(p, DateTimeOffset.UtcNow.AddDays(7))).ToArray(),
    ClientHint = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
};

static async Task<long> UsedMemoryAsync(IDatabase db) => long.Parse(await InfoAsync(db, "memory", "used_memory"), CultureInfo.InvariantCulture);

static async Task<double> RedisCpuSecondsAsync(IDatabase db) =>
    double.Parse(await InfoAsync(db, "cpu", "used_cpu_user"), CultureInfo.InvariantCulture) + double.Parse(await InfoAsync(db, "cpu", "used_cpu_sys"), CultureInfo.InvariantCulture);

static async Task<string> InfoAsync(IDatabase db, string section, string field)
{
    var info = (string)(await db.ExecuteAsync("INFO", section))!;
    return info.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();
}

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
