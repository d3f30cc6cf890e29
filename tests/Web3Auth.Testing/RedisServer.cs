using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Web3Auth.Testing;

/// <summary>
/// A real redis-server (Debian's) on a free loopback port with persistence off, owned by one test or fixture: it can
/// be killed, frozen and started again on the same port. A server that cannot start fails the test — there is no
/// skipping, in CI or anywhere else (./test.sh installs redis-server).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string? _password;
    private readonly TestCertificateAuthority? _tls;
    private Process? _process;
    private ConnectionMultiplexer? _admin;

    private readonly IReadOnlyList<string> _arguments;

    private RedisServer(int port, string? password, TestCertificateAuthority? tls, IReadOnlyList<string>? arguments)
    {
        Port = port;
        _password = password;
        _tls = tls;
        _arguments = arguments ?? [];
    }

    public int Port { get; }

    /// <summary>The authority whose certificate this server presents, when it listens with TLS only.</summary>
    public TestCertificateAuthority? Tls => _tls;

    /// <summary>
    /// A StackExchange.Redis configuration string for this server, with the password if it has one. A cold first
    /// connection on a busy two-core machine can take longer than the store's 1 s connect timeout (the store then
    /// answers 503 until it is up, which is right in production but not what these tests are about); connections
    /// refused by a dead server still fail at once.
    /// </summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=5000" + (_password is null ? "" : $",password={_password}") + (_tls is null ? "" : ",ssl=true,sslHost=localhost");

    /// <summary>
    /// <see cref="Configuration"/> as an object; for a TLS server it validates the server's certificate against the
    /// test authority (a string cannot carry that callback).
    /// </summary>
    public ConfigurationOptions Options(string? extra = null)
    {
        var options = ConfigurationOptions.Parse(Configuration + (extra is null ? "" : "," + extra));
        if (_tls is not null)
        {
            options.CertificateValidation += _tls.Validate;
        }

        return options;
    }

    /// <summary>Whether the process is up (not killed).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process id, to freeze it.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <param name="password">A <c>requirepass</c> (the default user's password).</param>
    /// <param name="tls">Listen with TLS only (<c>port 0</c>, <c>tls-port</c>), presenting a certificate of this authority.</param>
    /// <param name="arguments">More redis-server arguments, for example a Cluster node's.</param>
    /// <param name="port">The port; a free one by default.</param>
    public static async Task<RedisServer> StartAsync(string? password = null, TestCertificateAuthority? tls = null, IReadOnlyList<string>? arguments = null, int? port = null)
    {
        var server = new RedisServer(port ?? FreePort(), password, tls, arguments);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts redis-server on this server's port (again, after <see cref="KillAsync"/>), empty.</summary>
    public async Task RestartAsync()
    {
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<string> arguments = _tls is null
            ? ["--port", port]
            : ["--port", "0", "--tls-port", port, "--tls-cert-file", _tls.ServerCertificateFile, "--tls-key-file", _tls.ServerKeyFile, "--tls-ca-cert-file", _tls.CertificateFile, "--tls-auth-clients", "no"];
        arguments.AddRange(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", ""]);
        arguments.AddRange(_arguments);
        if (_password is not null)
        {
            arguments.AddRange(["--requirepass", _password]);
        }

        var start = new ProcessStartInfo("redis-server", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed. Install it with: sudo apt-get install redis-server (./test.sh does this).", ex);
        }

        // Drain its output so a full pipe never blocks it.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port} (exit code {(_process.HasExited ? _process.ExitCode : "none")}).");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL: the server vanishes with everything in it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the server keeps its connections open and answers nothing.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>A connection of the test's own, to look inside and to break things.</summary>
    public async Task<IDatabase> AdminAsync()
    {
        _admin ??= await ConnectionMultiplexer.ConnectAsync(Options("allowAdmin=true,abortConnect=false"));
        return _admin.GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await KillAsync();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    // PING over a raw socket: +PONG, or -NOAUTH from a server with a password, both mean it is up.
    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            Stream stream = client.GetStream();
            if (_tls is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, _tls.Validate);
                await tls.AuthenticateAsClientAsync("localhost");
                stream = tls;
            }

            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
