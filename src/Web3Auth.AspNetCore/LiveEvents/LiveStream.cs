using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// One open event stream's wake-up state, what the <see cref="LiveEventHub"/> signals. Nothing is queued: a change,
/// a due time (a permission lapse, the session's end) and a heartbeat each only set a flag and wake the stream through
/// a channel of capacity one that drops what it cannot hold; the stream then re-reads the store and sends the
/// difference. However many changes arrive while the client is slow, a stream holds one pending wake-up.
/// <para>
/// The write watchdog: while an event is being written (the client's socket may be full), a wake-up arms a real-time
/// timer; a write that has not finished <see cref="Web3LiveEventsOptions.WriteTimeout"/> later aborts the connection.
/// The terminal event (revoked, expired) arms it itself, so a session's end closes the stream even when the client
/// never reads.
/// </para>
/// </summary>
internal sealed class LiveStream : IDisposable
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly HttpContext _context;
    private readonly ILogger _logger;
    private readonly TimeSpan _writeTimeout;
    private readonly Lock _gate = new();
    private readonly ITimer _heartbeat;
    private ITimer? _due;
    private ITimer? _watchdog;
    private int _changed = 1;
    private int _beat;
    private long _writes;
    private long _writing = -1;
    private long _armedFor;
    private bool _finished;

    public LiveStream(HttpContext context, Web3Session session, bool watchesAddress, Web3LiveEventsOptions options, TimeProvider time, ILogger logger)
    {
        _context = context;
        _logger = logger;
        SessionId = session.Id;
        Address = session.Address;
        WatchesAddress = watchesAddress;
        Time = time;
        _writeTimeout = options.WriteTimeout;
        _heartbeat = time.CreateTimer(static state => ((LiveStream)state!).Beat(), this, options.HeartbeatInterval, options.HeartbeatInterval);

        // A stream starts "changed" with a wake-up waiting: a change between the read that opened it and its
        // registration in the hub would otherwise be lost, so after its first event it re-reads the store once.
        _wake.Writer.TryWrite(true);
    }

    /// <summary>The session whose credentials opened the stream.</summary>
    public string SessionId { get; }

    public EthereumAddress Address { get; }

    /// <summary>Whether it watches every session of the address (<c>/sessions/events</c>), not only its own.</summary>
    public bool WatchesAddress { get; }

    public TimeProvider Time { get; }

    /// <summary>Whether an event is being written now (the formatter has it, or a heartbeat is going out).</summary>
    internal bool IsWriting => Volatile.Read(ref _writing) >= 0;

    /// <summary>How many writes (events and heartbeats) the stream has begun.</summary>
    internal long Writes => Interlocked.Read(ref _writes);

    /// <summary>A watched session may have changed: re-read it.</summary>
    public void Changed()
    {
        Volatile.Write(ref _changed, 1);
        Wake();
    }

    /// <summary>Takes the "changed" flag: whether the stream must re-read the store.</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    /// <summary>Takes the "heartbeat due" flag.</summary>
    public bool TakeBeat() => Interlocked.Exchange(ref _beat, 0) == 1;

    /// <summary>Waits for a wake-up; false once <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Wakes the stream (as a change would) at <paramref name="at"/>, the next lapse or end; replaces the previous time.</summary>
    public void WakeAt(DateTimeOffset? at)
    {
        lock (_gate)
        {
            _due?.Dispose();
            _due = null;
            if (at is { } when && !_finished)
            {
                var delay = when - Time.GetUtcNow();
                _due = Time.CreateTimer(static state => ((LiveStream)state!).Changed(), this, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>An event is about to be written (yielded to the formatter); <paramref name="terminal"/> arms the watchdog at once.</summary>
    public void Writing(bool terminal = false)
    {
        var write = Interlocked.Increment(ref _writes);
        Volatile.Write(ref _writing, write);
        if (terminal)
        {
            Arm(write);
        }
    }

    /// <summary>The event was written.</summary>
    public void Written() => Volatile.Write(ref _writing, -1);

    /// <summary>The response is over: nothing may touch the connection any more.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _finished = true;
            _heartbeat.Dispose();
            _due?.Dispose();
            _watchdog?.Dispose();
        }

        _wake.Writer.TryComplete();
    }

    private void Beat()
    {
        Volatile.Write(ref _beat, 1);
        Wake();
    }

    private void Wake()
    {
        _wake.Writer.TryWrite(true);
        if (Volatile.Read(ref _writing) is var write and >= 0)
        {
            Arm(write);
        }
    }

    private void Arm(long write)
    {
        lock (_gate)
        {
            if (_finished || _watchdog is not null)
            {
                return;
            }

            // Real time, not the app's clock: this bounds how long a socket may stay full.
            _watchdog = TimeProvider.System.CreateTimer(static state => ((LiveStream)state!).CheckWrite(), this, _writeTimeout, Timeout.InfiniteTimeSpan);
            _armedFor = write;
        }
    }

    private void CheckWrite()
    {
        lock (_gate)
        {
            _watchdog?.Dispose();
            _watchdog = null;
            if (_finished)
            {
                return;
            }

            var writing = Volatile.Read(ref _writing);
            if (writing < 0 || writing != _armedFor)
            {
                // That write finished; a later one that is still going gets its own deadline.
                if (writing >= 0)
                {
                    Arm(writing);
                }

                return;
            }

            _finished = true;
        }

        Log.LiveStreamAborted(_logger, SessionId, _writeTimeout.TotalMilliseconds);
        _context.Abort();
    }
}
