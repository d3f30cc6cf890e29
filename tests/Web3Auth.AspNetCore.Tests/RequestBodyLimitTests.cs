using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>The allocation test measures the whole process, so nothing else may run beside this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KestrelBodyLimitCollection
{
    public const string Name = "Kestrel body limits";
}

/// <summary>
/// The 64 KiB body limit of the sign-in endpoints on a real Kestrel socket (TestServer enforces no limits): a larger
/// body is a 413 problem+json however it is framed, and is refused after at most the limit is read, not buffered whole.
/// </summary>
[Collection(KestrelBodyLimitCollection.Name)]
public sealed class RequestBodyLimitTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly Web3AppFactory _app = StartKestrel();

    private int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

    private static Web3AppFactory StartKestrel()
    {
        var app = new Web3AppFactory { ConfigureServices = services => services.AddLogging(logging => logging.ClearProviders()) };
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        return app;
    }

    private static void AssertTooLarge(RawHttpUpload.Answer answer)
    {
        Assert.True(answer.Status == 413, $"answered {answer.Status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.ContentType);
        var problem = JsonNode.Parse(answer.Body)!.AsObject();
        Assert.Equal(413, (int)problem["status"]!);
        Assert.Equal(Web3ErrorCodes.RequestTooLarge, (string?)problem["error"]);
    }

    [Theory]
    [InlineData("/auth/web3/challenge")]
    [InlineData("/auth/web3/session")]
    public async Task A_chunked_25_MiB_body_is_a_413_problem_after_little_of_it_is_sent(string path)
    {
        var answer = await RawHttpUpload.PostAsync(Port, path, 25 * MiB, chunked: true);

        AssertTooLarge(answer);
        // The server stopped reading near the limit; what was sent beyond it sat in socket buffers, far from 25 MiB.
        Assert.True(answer.BytesSent < 10 * MiB, $"sent {answer.BytesSent} bytes before the answer");
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_a_413_problem()
    {
        AssertTooLarge(await RawHttpUpload.PostAsync(Port, "/auth/web3/challenge", (64 * 1024) + 1, chunked: false));
    }

    [Fact]
    public async Task A_40_MiB_body_over_kestrels_own_30_MB_limit_is_a_413_problem_not_a_405_or_500()
    {
        AssertTooLarge(await RawHttpUpload.PostAsync(Port, "/auth/web3/session", 40 * MiB, chunked: false));
        AssertTooLarge(await RawHttpUpload.PostAsync(Port, "/auth/web3/session", 40 * MiB, chunked: true));
    }

    [Fact]
    public async Task A_body_of_exactly_64_KiB_is_still_read()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        var json = """{"address":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"}""";
        using var content = new StringContent(json + new string(' ', (64 * 1024) - json.Length), Encoding.UTF8, "application/json");

        using var response = await http.PostAsync("/auth/web3/challenge", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Eight_parallel_25_MiB_chunked_uploads_allocate_less_than_16_MB_in_the_process()
    {
        // Warm up: JIT, Kestrel's and the array pool's first blocks, so the measurement sees the steady state.
        AssertTooLarge(await RawHttpUpload.PostAsync(Port, "/auth/web3/challenge", 25 * MiB, chunked: true));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            RawHttpUpload.PostAsync(Port, i % 2 == 0 ? "/auth/web3/challenge" : "/auth/web3/session", 25 * MiB, chunked: true)));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var workingSetDelta = process.WorkingSet64 - workingSetBefore;
        output.WriteLine($"8 parallel 25 MiB chunked uploads: {allocated / 1024.0 / 1024.0:F2} MB allocated in the process, working set {workingSetDelta / 1024.0 / 1024.0:+0.00;-0.00} MB, {answers.Sum(a => a.BytesSent) / 1024.0 / 1024.0:F1} MiB sent in all");

        foreach (var answer in answers)
        {
            AssertTooLarge(answer);
        }

        // Buffering the bodies whole costs 25 MiB or more each (over 200 MB for the eight).
        Assert.True(allocated < 16 * 1000 * 1000, $"{allocated} bytes allocated");
    }

    public void Dispose() => _app.Dispose();
}
