using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.SmartWallets.Evm;

/// <summary>
/// A real local EVM for the smart-wallet tests: compiles the Solidity with solc-js (tests/tools/evm/compile.cjs), starts
/// a Hardhat node on a free loopback port (tests/tools/evm/start-node.cjs), deploys the wallet factory, and stops the node
/// at the end. When anything of it fails, every test of the collection fails with the reason: these tests never skip.
/// </summary>
/// <remarks>
/// Transactions are sent with <c>eth_sendTransaction</c> from Hardhat's first account, which the node unlocks and funds;
/// the node mines each transaction at once.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class HardhatNode : IAsyncLifetime
{
    public const ulong ChainId = 31337;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;
    private long _lastId;

    public static string ToolsDirectory { get; } = Path.Combine(FindRepositoryRoot(), "tests", "tools", "evm");

    public Uri Url { get; private set; } = null!;

    /// <summary>Creation code by contract name, compiled for this run.</summary>
    public IReadOnlyDictionary<string, byte[]> Contracts { get; private set; } = null!;

    /// <summary>The unlocked, funded account that deploys and administers the test contracts.</summary>
    public EthereumAddress Deployer { get; private set; }

    /// <summary>The TestSmartWalletFactory, deployed once per run.</summary>
    public EthereumAddress Factory { get; private set; }

    /// <summary>How long compiling, starting and deploying took.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        if (!File.Exists(Path.Combine(ToolsDirectory, "node_modules", "hardhat", "package.json"))
            || !File.Exists(Path.Combine(ToolsDirectory, "node_modules", "solc", "package.json")))
        {
            throw new InvalidOperationException(
                $"The EVM tools are not installed in {ToolsDirectory}. Run ./test.sh (it installs them), or: cd tests/tools/evm && npm ci");
        }

        Contracts = await CompileAsync();
        await StartAsync();
        Deployer = EthereumAddress.Parse((string)(await RpcAsync("eth_accounts"))![0]!);
        Factory = await DeployAsync(Contracts["TestSmartWalletFactory"]);
        StartupTime = started.Elapsed;
    }

    private static async Task<IReadOnlyDictionary<string, byte[]>> CompileAsync()
    {
        var (exitCode, output, error) = await RunNodeAsync("compile.cjs");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"compile.cjs failed ({exitCode}): {error}");
        }

        var contracts = JsonNode.Parse(output)!["contracts"]!.AsObject();
        return contracts.ToDictionary(c => c.Key, c => Convert.FromHexString(((string)c.Value!)[2..]));
    }

    private async Task StartAsync()
    {
        var port = FreeLoopbackPort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("node", ["start-node.cjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                WorkingDirectory = ToolsDirectory,
                RedirectStandardInput = true, // closing it stops the node, even if this process dies
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            _process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js is needed for the EVM tests and was not found on PATH: " + ex.Message, ex);
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Hardhat node exited with code {_process.ExitCode} before answering:\n{Output}");
            }

            try
            {
                var chain = (string?)await RpcAsync("eth_chainId");
                if (chain == "0x" + ChainId.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
                {
                    return;
                }

                throw new InvalidOperationException($"The node answers for chain {chain}, not {ChainId}.");
            }
            catch (HttpRequestException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(200);
            }
            catch (HttpRequestException ex)
            {
                throw new InvalidOperationException($"The Hardhat node did not answer on {Url} within {StartTimeout.TotalSeconds} s:\n{Output}", ex);
            }
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>One JSON-RPC call; a JSON-RPC error fails the test with the node's message.</summary>
    public async Task<JsonNode?> RpcAsync(string method, params object?[] parameters)
    {
        var (result, error) = await TryRpcAsync(method, parameters);
        return error is null ? result : throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
    }

    public async Task<(JsonNode? Result, JsonNode? Error)> TryRpcAsync(string method, params object?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _lastId),
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters),
        };
        using var response = await _http.PostAsJsonAsync(Url, request);
        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (answer["result"], answer["error"]);
    }

    /// <summary>Deploys creation code (with its constructor arguments appended) from <see cref="Deployer"/>.</summary>
    public async Task<EthereumAddress> DeployAsync(byte[] creationCode)
    {
        var receipt = await TransactAsync(new Dictionary<string, string> { ["from"] = Deployer.ToLowercaseString(), ["data"] = Hex.Encode(creationCode) });
        return EthereumAddress.Parse((string)receipt["contractAddress"]!);
    }

    /// <summary>Sends <paramref name="data"/> to <paramref name="to"/> from <see cref="Deployer"/>; the transaction must succeed.</summary>
    public Task<JsonNode> SendAsync(EthereumAddress to, byte[] data) =>
        TransactAsync(new Dictionary<string, string> { ["from"] = Deployer.ToLowercaseString(), ["to"] = to.ToLowercaseString(), ["data"] = Hex.Encode(data) });

    private async Task<JsonNode> TransactAsync(Dictionary<string, string> transaction)
    {
        var hash = (string)(await RpcAsync("eth_sendTransaction", transaction))!;
        var receipt = (await RpcAsync("eth_getTransactionReceipt", hash))!;
        Assert.Equal("0x1", (string?)receipt["status"]);
        return receipt;
    }

    public async Task<byte[]> CallAsync(EthereumAddress? to, byte[] data)
    {
        var call = new Dictionary<string, string> { ["data"] = Hex.Encode(data) };
        if (to is { } address)
        {
            call["to"] = address.ToLowercaseString();
        }

        return Convert.FromHexString(((string)(await RpcAsync("eth_call", call, "latest"))!)[2..]);
    }

    public async Task<byte[]> CodeAsync(EthereumAddress address) =>
        Convert.FromHexString(((string)(await RpcAsync("eth_getCode", address.ToLowercaseString(), "latest"))!)[2..]);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(params string[] arguments)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("node", arguments)
            {
                WorkingDirectory = ToolsDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Web3Auth.AspNetCore.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Web3Auth.AspNetCore.sln) was not found above " + AppContext.BaseDirectory);
    }
}
