using Microsoft.Extensions.Logging;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Logs store outages at most once per interval, counting what it skipped: when the cache is down every request
/// fails, and one error per request would flood the log exactly when someone needs to read it.
/// </summary>
internal sealed class StoreFailureLog(TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _nextLogTicks;
    private long _suppressed;

    public void Report(ILogger logger, Exception exception)
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextLogTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextLogTicks, now + Interval.Ticks, next) == next)
        {
            Log.StoreUnavailable(logger, exception, Interlocked.Exchange(ref _suppressed, 0));
        }
        else
        {
            Interlocked.Increment(ref _suppressed);
        }
    }
}
