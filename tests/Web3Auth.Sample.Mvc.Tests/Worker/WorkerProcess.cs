using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Web3Auth.Sample.Mvc.Tests.Worker;

/// <summary>
/// The sample's background worker (samples/Web3Auth.Sample.Worker) as a separate process — <c>dotnet</c> with its
/// built dll — pointed at a <see cref="SampleSite"/>, with its own data folder. Every line it writes is kept; tests wait
/// for lines with a deadline. Disposing kills the process (and its children) and deletes the data folder, whatever
/// the test's outcome.
/// </summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataPath;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private bool _exited;

    private readonly ITestOutputHelper? _output;

    private WorkerProcess(Process process, string dataPath, ITestOutputHelper? output)
    {
        _process = process;
        _dataPath = dataPath;
        _output = output;
    }

    /// <summary>The worker's dll, built with the solution (the test project builds it first).</summary>
    public static string DllPath => typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Web3Auth.Sample.Worker").Value!;

    /// <summary>Every line written so far, stdout and stderr.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// Starts the worker for <paramref name="site"/>, calling the site's API every <paramref name="interval"/> and
    /// asking for delegations every <paramref name="pollInterval"/>; its lines also go to <paramref name="output"/>.
    /// </summary>
    public static WorkerProcess Start(SampleSite site, TimeSpan interval, TimeSpan pollInterval, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        var dll = Path.GetFullPath(DllPath);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The worker is not built at {dll}: build the solution first (dotnet build -c Release).");
        }

        var dataPath = Directory.CreateTempSubdirectory("web3auth-worker-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
        {
            dll,
            "--Worker:Site=" + site.Origin,
            "--Worker:Secret=" + site.WorkerSecret,
            "--Worker:DataPath=" + dataPath,
            "--Worker:Interval=" + interval.ToString("c", CultureInfo.InvariantCulture),
            "--Worker:PollInterval=" + pollInterval.ToString("c", CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, dataPath, output);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        process.Exited += (_, _) => worker.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// The first line (already written or still to come) that <paramref name="match"/> accepts. Fails when the
    /// deadline passes or the process exits first, with everything the worker wrote.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_exited)
            {
                throw Failure($"The worker exited before it logged {what}.");
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw Failure($"The worker did not log {what} within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    /// <summary>The did:key the worker logged at start (its key, made on first start).</summary>
    public async Task<string> DidKeyAsync(TimeSpan timeout)
    {
        var line = await WaitForLineAsync(l => KeyLine().IsMatch(l), timeout, "its key");
        return KeyLine().Match(line).Groups["did"].Value;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
            if (Directory.Exists(_dataPath))
            {
                Directory.Delete(_dataPath, recursive: true);
            }
        }
    }

    private Xunit.Sdk.XunitException Failure(string why)
    {
        lock (_lock)
        {
            return new Xunit.Sdk.XunitException(why + Environment.NewLine + "Worker output:" + Environment.NewLine + string.Join(Environment.NewLine, _lines));
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            _output?.WriteLine("worker: " + line);
        }
        catch (InvalidOperationException)
        {
            // The test is over; the process is being killed.
        }

        lock (_lock)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    private void OnExited()
    {
        lock (_lock)
        {
            _exited = true;
            foreach (var waiter in _waiters)
            {
                waiter.Found.TrySetException(Failure("The worker exited."));
            }

            _waiters.Clear();
        }
    }

    [GeneratedRegex(@"Worker key (?<did>did:key:z[1-9A-HJ-NP-Za-km-z]+)")]
    private static partial Regex KeyLine();
}
