namespace Web3Auth.Sample.Mvc.Tests;

/// <summary>
/// The real clock plus an offset the test can move forward: the site keeps running in real time (the browser's
/// countdowns stay right), and a test can still jump past a challenge's lifetime.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Back to the real time.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
