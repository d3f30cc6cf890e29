using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The scheme and its endpoints on real Kestrel over loopback (127.0.0.1, a free port), for what an in-memory server
/// cannot show: sockets a client does not read, and thousands of open connections.
/// </summary>
public sealed class KestrelLiveEventsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelLiveEventsHost(WebApplication app, Uri address, CapturingLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
        Client = new Web3TestClient(new HttpClient { BaseAddress = address });
    }

    public Uri Address { get; }

    public Web3TestClient Client { get; }

    public IServiceProvider Services => _app.Services;

    internal LiveEventHub Hub => _app.Services.GetRequiredService<LiveEventHub>();

    /// <summary>What the app logged (Information and above).</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <param name="configure">The scheme's options.</param>
    /// <param name="time">The app's clock; the system's by default.</param>
    /// <param name="sendBufferSize">The server sockets' send buffer, to make a non-reading client's socket fill up soon.</param>
    public static async Task<KestrelLiveEventsHost> StartAsync(Action<Web3SessionKeyOptions>? configure = null, TimeProvider? time = null, int? sendBufferSize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Information);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            if (sendBufferSize is not null)
            {
                k.Limits.MaxResponseBufferSize = 1024;
            }
        });
        if (sendBufferSize is { } size)
        {
            builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = size;
                return socket;
            });
        }

        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme).AddWeb3SessionKeys(o =>
        {
            o.Permissions.Add("profile/read", "Read your profile");
            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapWeb3SessionKeys();
        await app.StartAsync();
        var address = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new KestrelLiveEventsHost(app, address, logs);
    }

    /// <summary>
    /// A raw connection that sends the events request with <paramref name="token"/> and then reads only when told to.
    /// <paramref name="receiveBufferSize"/> (set before connecting) keeps the TCP window small.
    /// </summary>
    public async Task<Socket> OpenRawAsync(string token, string path = "/auth/web3/session/events", int? receiveBufferSize = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Address.Port));
        var request = $"GET {path} HTTP/1.1\r\nHost: {Address.Authority}\r\nAccept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return socket;
    }

    /// <summary>Reads from <paramref name="socket"/> until the text read ends with <paramref name="ending"/> (or contains it, with <paramref name="contains"/>).</summary>
    public static async Task<string> ReadUntilAsync(Socket socket, string ending, byte[] buffer, bool contains = false)
    {
        var text = new StringBuilder();
        using var cancel = new CancellationTokenSource(EventStreamReader.Deadline);
        while (contains ? !text.ToString().Contains(ending, StringComparison.Ordinal) : !text.ToString().EndsWith(ending, StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            Assert.True(read > 0, "The connection closed: " + text);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
