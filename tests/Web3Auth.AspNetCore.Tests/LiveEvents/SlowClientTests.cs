using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// Clients that do not read, on real Kestrel sockets: a revocation still ends their stream, and memory stays put
/// whatever they do not read (docs/security.md#live-events).
/// </summary>
public sealed class SlowClientTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_that_never_reads_gets_the_revocation_and_the_connection_closed_by_the_server()
    {
        await using var host = await KestrelLiveEventsHost.StartAsync();
        var token = await host.Client.SignInTokenAsync(TestWallet.FromSeed(1450), ["profile/read"]);
        using var socket = await host.OpenRawAsync(token);
        await StreamLimitsTests.WaitUntilAsync(() => host.Hub.Count == 1 && !host.Hub.Streams()[0].IsWriting);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        // The server ends the stream and closes the connection without the client having read a byte of it.
        await StreamLimitsTests.WaitUntilAsync(() => host.Hub.Count == 0);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        using var cancel = new CancellationTokenSource(EventStreamReader.Deadline);
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.Contains("Connection: close", text.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("event: connected", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("event: revoked", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_whose_socket_is_full_is_cut_within_the_write_timeout_of_its_revocation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await KestrelLiveEventsHost.StartAsync(o =>
        {
            o.LiveEvents.WriteTimeout = TimeSpan.FromMilliseconds(500);
            o.LiveEvents.HeartbeatInterval = TimeSpan.FromSeconds(1);
        }, time, sendBufferSize: 4096);
        var token = await host.Client.SignInTokenAsync(TestWallet.FromSeed(1451), ["profile/read"], lifetime: 86_400);
        using var socket = await host.OpenRawAsync(token, receiveBufferSize: 4096);
        await StreamLimitsTests.WaitUntilAsync(() => host.Hub.Count == 1 && !host.Hub.Streams()[0].IsWriting);
        var stream = host.Hub.Streams()[0];

        // Heartbeats until one can no longer be written: the client's window and the server's buffers are full.
        var beats = 0;
        while (true)
        {
            var before = stream.Writes;
            time.Advance(TimeSpan.FromSeconds(1));
            beats++;
            Assert.True(beats < 20_000, "The socket never filled up.");
            await StreamLimitsTests.WaitUntilAsync(() => stream.Writes > before);
            var written = DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
            while (stream.IsWriting && DateTime.UtcNow < written)
            {
                await Task.Delay(1);
            }

            if (stream.IsWriting)
            {
                break;
            }
        }

        output.WriteLine($"{beats} heartbeats (13 bytes each) filled the socket");
        Assert.Equal(1, host.Hub.Count); // stuck, not cut: nothing was due
        var revokedAt = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);

        await StreamLimitsTests.WaitUntilAsync(() => host.Hub.Count == 0);
        var cutAfter = DateTime.UtcNow - revokedAt;
        Assert.True(cutAfter < TimeSpan.FromSeconds(5), $"cut after {cutAfter.TotalMilliseconds} ms");
        Assert.Contains(host.Logs.Lines, l => l.EventId.Name == "LiveStreamAborted");
        Assert.True(beats > 10, $"{beats} heartbeats filled the socket");
    }
}
