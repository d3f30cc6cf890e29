using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

/// <summary>
/// A scripted JSON-RPC endpoint behind the package's named HttpClient: answers <c>eth_chainId</c> with
/// <see cref="ChainId"/> and everything else through <see cref="Answer"/>, records every call, and can fail in transit.
/// For the flow and failure tests; the real contract behaviour is tested against Hardhat (EvmSignInTests).
/// </summary>
public sealed class FakeChainRpc : HttpMessageHandler
{
    public const string Url = "https://rpc.example/v3/secret-api-key";

    public ulong ChainId { get; set; } = 1;

    /// <summary>Answers a method and its params with a JSON-RPC <c>result</c> or <c>error</c> node.</summary>
    public Func<string, JsonArray, JsonObject> Answer { get; set; } = (_, _) => Result("0x");

    /// <summary>
    /// When set, decides per request whether it fails in transit (throws, hangs, or returns an HTTP error status);
    /// a <see langword="null"/> response lets the request through to <see cref="Answer"/>.
    /// </summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage?>>? Failure { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public int CallsTo(string method) => Calls.Count(c => c == method);

    public static JsonObject Result(string hex) => new() { ["result"] = hex };

    public static JsonObject Error(int code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    /// <summary>The magic value, ABI-encoded: what a wallet answers for a signature it accepts.</summary>
    public static JsonObject Accepts() => Result("0x1626ba7e" + new string('0', 56));

    public static Task<HttpResponseMessage?> Refused(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (rpc.example:443)");

    public static Task<HttpResponseMessage?> Status(HttpStatusCode status) => Task.FromResult<HttpResponseMessage?>(new HttpResponseMessage(status));

    public static async Task<HttpResponseMessage?> Hangs(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return null;
    }

    public void AddTo(IServiceCollection services) =>
        services.AddHttpClient(Web3AuthDefaults.ChainRpcHttpClientName).ConfigurePrimaryHttpMessageHandler(() => this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var method = (string)body["method"]!;
        Calls.Enqueue(method);
        if (Failure is { } failure && await failure(request, cancellationToken) is { } failed)
        {
            return failed;
        }

        var answer = method == "eth_chainId" ? Result("0x" + ChainId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)) : Answer(method, body["params"]!.AsArray());
        answer["jsonrpc"] = "2.0";
        answer["id"] = body["id"]!.DeepClone();
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}
