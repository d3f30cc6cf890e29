using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// Issue 14's evidence: the memory one open stream costs with 2,000 open streams on one node, over real Kestrel
/// sockets (docs/http-api.md#live-session-events). The client sockets live in this process too: their share is
/// measured first, as 2,000 idle raw connections to a bare listener, and subtracted.
/// </summary>
public sealed class ManyStreamsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Sessions = 20;
    private const int StreamsPerSession = 100; // the options' maximum; 20 addresses, one session each
    private const int Streams = Sessions * StreamsPerSession;
    private static readonly TimeSpan LongDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_thousand_open_streams_cost_a_bounded_amount_of_memory_each_and_a_revocation_ends_its_streams()
    {
        var total = Stopwatch.StartNew();

        // The client side's share: 2,000 raw connections to a plain listener (both of their ends are in this process).
        var (baselineManaged, baselineWorkingSet) = await MeasureRawConnectionsAsync();
        output.WriteLine($"baseline, 2,000 idle raw loopback connections (client + accepted end): {baselineManaged / Streams} B managed, {baselineWorkingSet / Streams} B working set per connection");

        await using var host = await KestrelLiveEventsHost.StartAsync(o =>
        {
            o.LiveEvents.MaxStreamsPerSession = StreamsPerSession;
            o.LiveEvents.MaxStreamsPerAddress = StreamsPerSession;
        });
        var tokens = new string[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            tokens[i] = await host.Client.SignInTokenAsync(TestWallet.FromSeed(1460 + i), ["profile/read"], lifetime: 86_400);
        }

        // Warm up one stream's code paths so the first-use allocations (JIT, pools) are not counted.
        using (var warm = await host.OpenRawAsync(tokens[0]))
        {
            await KestrelLiveEventsHost.ReadUntilAsync(warm, "event: connected", new byte[4096], contains: true);
        }

        await WaitUntilAsync(() => host.Hub.Count == 0);

        var (managedBefore, workingSetBefore) = Measure();
        var sockets = new Socket[Streams];
        var opened = Stopwatch.StartNew();
        for (var batch = 0; batch < Streams; batch += 50)
        {
            await Task.WhenAll(Enumerable.Range(batch, 50).Select(async i => sockets[i] = await host.OpenRawAsync(tokens[i / StreamsPerSession])));
        }

        await WaitUntilAsync(() => host.Hub.Count == Streams);
        var buffer = new byte[8192];
        foreach (var socket in sockets)
        {
            await KestrelLiveEventsHost.ReadUntilAsync(socket, "event: connected", buffer, contains: true);
        }

        output.WriteLine($"2,000 streams open and connected in {opened.ElapsedMilliseconds} ms");
        var (managedAfter, workingSetAfter) = Measure();
        Assert.Equal(Streams, host.Hub.Count);

        var managed = (managedAfter - managedBefore) / Streams;
        var workingSet = (workingSetAfter - workingSetBefore) / Streams;
        var serverManaged = (managedAfter - managedBefore - baselineManaged) / Streams;
        var serverWorkingSet = (workingSetAfter - workingSetBefore - baselineWorkingSet) / Streams;
        output.WriteLine($"per open stream, server + client: {managed} B ({managed / 1024.0:F1} KiB) managed, {workingSet} B ({workingSet / 1024.0:F1} KiB) working set");
        output.WriteLine($"per open stream, server side (minus the raw connection baseline): {serverManaged} B ({serverManaged / 1024.0:F1} KiB) managed, {serverWorkingSet} B ({serverWorkingSet / 1024.0:F1} KiB) working set");
        Assert.True(managed < 64 * 1024, $"{managed} B managed per stream");
        Assert.True(workingSet < 256 * 1024, $"{workingSet} B working set per stream");

        // Revoking one session ends its 100 streams: each connection is closed by the server.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", tokens[0])).StatusCode);
        using (var cancel = new CancellationTokenSource(LongDeadline))
        {
            await Task.WhenAll(sockets.Take(StreamsPerSession).Select(async socket =>
            {
                var own = new byte[4096];
                var text = new StringBuilder();
                int read;
                while ((read = await socket.ReceiveAsync(own, SocketFlags.None, cancel.Token)) > 0)
                {
                    text.Append(Encoding.UTF8.GetString(own, 0, read));
                }

                Assert.Contains("event: revoked", text.ToString(), StringComparison.Ordinal);
            }));
        }

        await WaitUntilAsync(() => host.Hub.Count == Streams - StreamsPerSession);

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        await WaitUntilAsync(() => host.Hub.Count == 0);
        output.WriteLine($"total {total.ElapsedMilliseconds} ms");
    }

    private static async Task<(long Managed, long WorkingSet)> MeasureRawConnectionsAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var accepted = new List<Socket>(Streams);
        var accepting = Task.Run(async () =>
        {
            for (var i = 0; i < Streams; i++)
            {
                accepted.Add(await listener.AcceptAsync());
            }
        });

        // Warm up.
        using (var warm = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await warm.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        }

        var (managedBefore, workingSetBefore) = Measure();
        var clients = new Socket[Streams - 1];
        for (var batch = 0; batch < clients.Length; batch += 50)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, clients.Length - batch)).Select(async i =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                clients[i] = socket;
            }));
        }

        await accepting.WaitAsync(LongDeadline);
        var (managedAfter, workingSetAfter) = Measure();
        foreach (var socket in clients.Concat(accepted))
        {
            socket.Dispose();
        }

        // Scaled to 2,000 (one of the accepted was the warm-up).
        return ((managedAfter - managedBefore) * Streams / clients.Length, (workingSetAfter - workingSetBefore) * Streams / clients.Length);
    }

    private static (long Managed, long WorkingSet) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (managed, process.WorkingSet64);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + LongDeadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(10);
        }
    }
}
