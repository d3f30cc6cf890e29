using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

public sealed class EthereumRpcClientTests : IDisposable
{
    private static readonly EthereumAddress Wallet = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private readonly FakeChainRpc _rpc = new();
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;
    private readonly EthereumRpcClient _client;

    public EthereumRpcClientTests()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(_time);
        services.AddHttpClient(Web3AuthDefaults.ChainRpcHttpClientName).RemoveAllLoggers();
        _rpc.AddTo(services);
        services.AddSingleton<EthereumRpcClient>();
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<EthereumRpcClient>();
    }

    private static ChainRpcEndpoint Endpoint(int retries = 1, TimeSpan? timeout = null) =>
        new(1, new Uri(FakeChainRpc.Url), timeout ?? TimeSpan.FromSeconds(5), retries, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task An_address_has_code_when_eth_getCode_returns_bytes()
    {
        _rpc.Answer = (method, parameters) => (string?)parameters[0] == Wallet.ToLowercaseString() ? FakeChainRpc.Result("0x6080") : FakeChainRpc.Result("0x");

        Assert.True(await _client.HasCodeAsync(Endpoint(), Wallet, default));
        Assert.False(await _client.HasCodeAsync(Endpoint(), EthereumAddress.Zero, default));
    }

    [Fact]
    public async Task A_code_answer_is_remembered_per_chain_and_address_for_a_minute()
    {
        _rpc.Answer = (_, _) => FakeChainRpc.Result("0x6080");

        for (var i = 0; i < 10; i++)
        {
            Assert.True(await _client.HasCodeAsync(Endpoint(), Wallet, default));
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, _rpc.CallsTo("eth_getCode")); // 50 s
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await _client.HasCodeAsync(Endpoint(), Wallet, default));
        Assert.Equal(2, _rpc.CallsTo("eth_getCode"));
    }

    [Fact]
    public async Task A_remembered_answer_is_given_while_the_endpoint_fails_and_a_failure_is_not_remembered()
    {
        Assert.False(await _client.HasCodeAsync(Endpoint(), Wallet, default));
        _rpc.Failure = FakeChainRpc.Refused;
        _rpc.Calls.Clear();

        Assert.False(await _client.HasCodeAsync(Endpoint(), Wallet, default));
        Assert.Empty(_rpc.Calls);

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 0), EthereumAddress.Zero, default));
        _rpc.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(5)); // the retry delay
        Assert.False(await _client.HasCodeAsync(Endpoint(), EthereumAddress.Zero, default));
        Assert.Equal(2, _rpc.CallsTo("eth_getCode")); // the failed one, then the one after it
    }

    [Fact]
    public async Task A_revert_is_an_answer_and_other_errors_are_an_outage()
    {
        _rpc.Answer = (_, _) => FakeChainRpc.Error(3, "execution reverted");
        Assert.True((await _client.CallAsync(Endpoint(), Wallet, [1], default)).Reverted);

        _rpc.Answer = (_, _) => FakeChainRpc.Error(-32000, "header not found");
        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.CallAsync(Endpoint(), Wallet, [1], default));
        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(), Wallet, default));
    }

    [Fact]
    public async Task The_endpoint_must_answer_for_the_configured_chain_which_is_checked_once()
    {
        await _client.HasCodeAsync(Endpoint(), Wallet, default);
        await _client.HasCodeAsync(Endpoint(), EthereumAddress.Zero, default); // another address: not a remembered answer
        Assert.Equal(1, _rpc.CallsTo("eth_chainId"));
        Assert.Equal(2, _rpc.CallsTo("eth_getCode"));

        var other = Endpoint() with { ChainId = 8453 };
        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(other, Wallet, default));
        Assert.Contains(_logs.Lines, l => l.EventId.Id == 201 && l.Level == LogLevel.Error && l.Text.Contains("answers for chain 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_in_transit_is_tried_again_a_bounded_number_of_times()
    {
        var calls = 0;
        _rpc.Failure = (request, token) => Interlocked.Increment(ref calls) == 1 ? FakeChainRpc.Status(HttpStatusCode.ServiceUnavailable) : FakeChainRpc.Refused(request, token);

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 2), Wallet, default));

        Assert.Equal(3, _rpc.Calls.Count); // one attempt and two retries, then no more
    }

    [Fact]
    public async Task A_failure_in_transit_followed_by_an_answer_succeeds()
    {
        var calls = 0;
        _rpc.Failure = (request, token) => Interlocked.Increment(ref calls) == 1 ? FakeChainRpc.Refused(request, token) : Task.FromResult<HttpResponseMessage?>(null);

        Assert.False(await _client.HasCodeAsync(Endpoint(retries: 1), Wallet, default));
        Assert.Equal(["eth_chainId", "eth_chainId", "eth_getCode"], _rpc.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task Busy_and_server_error_statuses_are_retried(HttpStatusCode status)
    {
        _rpc.Failure = (_, _) => FakeChainRpc.Status(status);

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 1), Wallet, default));
        Assert.Equal(2, _rpc.Calls.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_client_error_status_is_not_retried(HttpStatusCode status)
    {
        _rpc.Failure = (_, _) => FakeChainRpc.Status(status);

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 3), Wallet, default));
        Assert.Single(_rpc.Calls);
    }

    [Fact]
    public async Task A_slow_endpoint_times_out()
    {
        _rpc.Failure = FakeChainRpc.Hangs;
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 1, timeout: TimeSpan.FromMilliseconds(200)), Wallet, default));

        Assert.Equal(2, _rpc.Calls.Count);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), started.Elapsed.ToString());
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_an_outage()
    {
        _rpc.Failure = FakeChainRpc.Hangs;
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.HasCodeAsync(Endpoint(), Wallet, aborted.Token));
        Assert.DoesNotContain(_logs.Lines, l => l.EventId.Id == 200);
    }

    [Fact]
    public async Task After_a_failure_the_endpoint_is_left_alone_for_the_retry_delay()
    {
        _rpc.Failure = FakeChainRpc.Refused;
        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 0), Wallet, default));
        _rpc.Failure = null;
        _rpc.Calls.Clear();

        await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(), Wallet, default));
        Assert.Empty(_rpc.Calls);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await _client.HasCodeAsync(Endpoint(), Wallet, default));
    }

    [Fact]
    public async Task The_endpoint_url_never_reaches_the_logs_or_the_exception()
    {
        _rpc.Failure = FakeChainRpc.Refused;

        var exception = await Assert.ThrowsAsync<Web3ChainUnavailableException>(() => _client.HasCodeAsync(Endpoint(retries: 0), Wallet, default));

        Assert.Contains(_logs.Lines, l => l.EventId.Id == 200);
        Assert.DoesNotContain(_logs.Lines, l => l.Text.Contains("secret-api-key", StringComparison.Ordinal) || l.Text.Contains("rpc.example", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-api-key", exception.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _services.Dispose();
        _rpc.Dispose();
    }
}
