using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Calls a chain's JSON-RPC endpoint through <see cref="IHttpClientFactory"/> (client
/// <see cref="Web3AuthDefaults.ChainRpcHttpClientName"/>): a timeout per request, bounded retries of failures in transit
/// (the calls only read, so repeating them is safe), a check once per endpoint that it answers for the chain it is
/// configured for, a fail-fast window after a failure so that an outage costs requests nothing but a 503, and a
/// short memory of <c>eth_getCode</c> answers (<see cref="ContractCodeCache"/>).
/// </summary>
/// <remarks>
/// Every failure is a <see cref="Web3ChainUnavailableException"/>; a revert of an <c>eth_call</c> is an answer, not a
/// failure. Endpoint URLs are never logged or put in exception messages: they often carry an API key.
/// </remarks>
internal sealed class EthereumRpcClient(IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<EthereumRpcClient> logger)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly ConcurrentDictionary<(Uri Url, ulong ChainId), bool> _chainChecked = new();
    private readonly ConcurrentDictionary<Uri, long> _failingUntil = new();

    // Here because every code check, at sign-in and at revalidation, goes through this one client.
    private readonly ContractCodeCache _code = new(time, ContractCodeCache.DefaultLifetime, ContractCodeCache.DefaultCapacity);

    private long _lastId;

    /// <summary>
    /// Whether <paramref name="address"/> has code (<c>eth_getCode</c>). An answer is remembered per chain and address
    /// for <see cref="ContractCodeCache.DefaultLifetime"/> and given again without a call, even while the endpoint is
    /// failing; a failure is not remembered.
    /// </summary>
    public async Task<bool> HasCodeAsync(ChainRpcEndpoint endpoint, EthereumAddress address, CancellationToken cancellationToken)
    {
        if (_code.TryGet(endpoint.ChainId, address, out var known))
        {
            return known;
        }

        var response = await SendAsync(endpoint, "eth_getCode", id => JsonRpc.GetCodeRequest(id, address), cancellationToken).ConfigureAwait(false);
        if (response.Kind != JsonRpcResponseKind.Result || !JsonRpc.TryDecodeData(response.Value!, out var code))
        {
            throw Failed(endpoint, "eth_getCode", Describe(response));
        }

        _code.Set(endpoint.ChainId, address, code.Length > 0);
        return code.Length > 0;
    }

    /// <summary>An <c>eth_call</c> at the latest block; without <paramref name="to"/>, <paramref name="data"/> runs as creation code.</summary>
    public async Task<EthCallResult> CallAsync(ChainRpcEndpoint endpoint, EthereumAddress? to, byte[] data, CancellationToken cancellationToken)
    {
        var response = await SendAsync(endpoint, "eth_call", id => JsonRpc.CallRequest(id, to, data), cancellationToken).ConfigureAwait(false);
        if (response.Kind == JsonRpcResponseKind.Result && JsonRpc.TryDecodeData(response.Value!, out var returned))
        {
            return EthCallResult.Returned(returned);
        }

        return response.Kind == JsonRpcResponseKind.Error && JsonRpc.IsRevert(response.ErrorCode, response.ErrorMessage)
            ? EthCallResult.Revert
            : throw Failed(endpoint, "eth_call", Describe(response));
    }

    private async Task<JsonRpcResponse> SendAsync(ChainRpcEndpoint endpoint, string method, Func<long, byte[]> request, CancellationToken cancellationToken)
    {
        if (_failingUntil.TryGetValue(endpoint.Url, out var until) && time.GetUtcNow().UtcTicks < until)
        {
            throw new Web3ChainUnavailableException($"The JSON-RPC endpoint of chain {endpoint.ChainId} failed moments ago; it is not called again before the retry delay.");
        }

        // Once per endpoint: an endpoint of another chain would check signatures against the wrong state.
        if (!_chainChecked.ContainsKey((endpoint.Url, endpoint.ChainId)))
        {
            var answer = await SendWithRetriesAsync(endpoint, "eth_chainId", JsonRpc.ChainIdRequest, cancellationToken).ConfigureAwait(false);
            if (answer.Kind != JsonRpcResponseKind.Result || !JsonRpc.TryDecodeQuantity(answer.Value!, out var actual))
            {
                throw Failed(endpoint, "eth_chainId", Describe(answer));
            }

            if (actual != endpoint.ChainId)
            {
                Log.ChainRpcWrongChain(logger, endpoint.ChainId, actual);
                throw Failed(endpoint, "eth_chainId", $"answers for chain {actual}", logged: true);
            }

            _chainChecked.TryAdd((endpoint.Url, endpoint.ChainId), true);
        }

        return await SendWithRetriesAsync(endpoint, method, request, cancellationToken).ConfigureAwait(false);
    }

    // Failures in transit (connection, timeout, HTTP 408/429/5xx) are tried again; an answer, even an error, is returned.
    private async Task<JsonRpcResponse> SendWithRetriesAsync(ChainRpcEndpoint endpoint, string method, Func<long, byte[]> request, CancellationToken cancellationToken)
    {
        var http = httpClientFactory.CreateClient(Web3AuthDefaults.ChainRpcHttpClientName);
        var failure = "no attempt";
        for (var attempt = 0; attempt <= endpoint.Retries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), cancellationToken).ConfigureAwait(false);
            }

            var id = Interlocked.Increment(ref _lastId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(endpoint.Timeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(request(id)) };
                message.Content.Headers.ContentType = Json;
                using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    failure = $"HTTP {(int)response.StatusCode}";
                    if (IsTransient(response.StatusCode))
                    {
                        continue;
                    }

                    break;
                }

                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                var parsed = JsonRpc.ParseResponse(body, id);
                if (parsed.Kind == JsonRpcResponseKind.Malformed)
                {
                    failure = "malformed response: " + parsed.ErrorMessage;
                    break;
                }

                return parsed;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {endpoint.Timeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException ex)
            {
                // HttpRequestError names the kind of failure without the URL that the message may contain.
                failure = "request failed: " + ex.HttpRequestError;
            }
        }

        throw Failed(endpoint, method, $"{failure} ({endpoint.Retries + 1} attempt(s) at most)");
    }

    private Web3ChainUnavailableException Failed(ChainRpcEndpoint endpoint, string method, string reason, bool logged = false)
    {
        _failingUntil[endpoint.Url] = (time.GetUtcNow() + endpoint.FailFastFor).UtcTicks;
        if (!logged)
        {
            Log.ChainRpcFailed(logger, endpoint.ChainId, method, reason);
        }

        return new Web3ChainUnavailableException($"The JSON-RPC endpoint of chain {endpoint.ChainId} failed ({method}): {reason}.");
    }

    private static string Describe(JsonRpcResponse response) => response.Kind switch
    {
        JsonRpcResponseKind.Error => $"JSON-RPC error {response.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without code"}",
        JsonRpcResponseKind.Result => "a result that is not hex",
        _ => "malformed response: " + response.ErrorMessage,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
