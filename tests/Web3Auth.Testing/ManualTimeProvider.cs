namespace Web3Auth.Testing;

/// <summary>
/// A clock that only moves when a test moves it, to drive expiry without waiting. Its timestamps (what
/// <see cref="TimeProvider.GetElapsedTime(long)"/> measures with) move only with <see cref="Advance"/>, as a
/// monotonic clock does: <see cref="Set"/> changes the wall clock alone. Timers are the base class's, in real time.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;
    private long _elapsedTicks;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public void Advance(TimeSpan by)
    {
        Interlocked.Add(ref _utcTicks, by.Ticks);
        if (by > TimeSpan.Zero)
        {
            Interlocked.Add(ref _elapsedTicks, by.Ticks);
        }
    }

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
}
