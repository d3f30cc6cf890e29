using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Web3Auth.Sample.Mvc.Tests.Api;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Telemetry;

/// <summary>
/// The sample with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports over OTLP/HTTP (protobuf) to a real receiver on
/// loopback; without it, it registers no OpenTelemetry at all (SampleTelemetry.cs).
/// </summary>
public sealed class OtlpExportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_an_OTLP_endpoint_the_sample_exports_its_Web3Auth_spans_under_the_request_spans_and_its_metrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var site = new SampleSite { OtlpEndpoint = receiver.Endpoint }.Start();
        using var http = site.CreateApiClient();
        var wallet = TestWallet.FromSeed(6900);

        var client = await BearerClient.SignInAsync(http, wallet, ["profile/read"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);

        // The exporters batch (traces every 5 s, metrics every 60 s): flush them, then wait for what they sent.
        Assert.True(site.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(site.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        await receiver.WaitUntilAsync(r => r.Spans.Any(s => s.Name == "Web3Auth.SignIn") && r.Spans.Any(s => s.Name == "Web3Auth.Authenticate"), Deadline, "Web3Auth spans");
        await receiver.WaitUntilAsync(r => r.Metrics.Any(m => m.Name == "web3auth.authentication.duration"), Deadline, "Web3Auth metrics");

        // Listeners are process-wide, so the exporter also hears sample sites that other tests run at the same time:
        // this site's spans are those under its own requests (its port).
        var port = site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var requests = receiver.Spans.Where(s => s.Scope == "Microsoft.AspNetCore" && s.Attributes.GetValueOrDefault("server.port") == port).ToDictionary(s => s.SpanId);
        Assert.NotEmpty(requests);
        var spans = receiver.Spans.Where(s => requests.ContainsKey(s.ParentSpanId)).ToList();
        var signIn = Assert.Single(spans, s => s.Name == "Web3Auth.SignIn");
        Assert.Equal("Web3Auth.AspNetCore", signIn.Scope);
        Assert.Equal(SampleTelemetry.ServiceName, signIn.ServiceName);
        Assert.Equal("success", signIn.Attributes["web3auth.outcome"]);
        Assert.Equal("Web3", signIn.Attributes["web3auth.scheme"]);
        var signInRequest = requests[signIn.ParentSpanId];
        Assert.Equal(signIn.TraceId, signInRequest.TraceId);
        Assert.Equal("/auth/web3/session", signInRequest.Attributes["url.path"]);

        var authenticate = Assert.Single(spans, s => s.Name == "Web3Auth.Authenticate" && requests[s.ParentSpanId].Attributes.GetValueOrDefault("url.path") == "/api/profile");
        Assert.Equal("success", authenticate.Attributes["web3auth.outcome"]);
        Assert.Equal("bearer", authenticate.Attributes["web3auth.transport"]);
        Assert.Equal(0, authenticate.StatusCode); // Unset

        var metrics = receiver.Metrics.Where(m => m.Scope == "Web3Auth.AspNetCore").ToList();
        Assert.Contains(metrics, m => m.Name == "web3auth.challenges");
        Assert.Contains(metrics, m => m.Name == "web3auth.logins");
        Assert.Contains(metrics, m => m.Name == "web3auth.authentications");
        Assert.Contains(metrics, m => m is { Name: "web3auth.authentication.duration", Unit: "s" });

        // The token is in no signal; the address in no span or metric (the logs name it, as the package's logs do).
        var token = Encoding.UTF8.GetBytes(client.Token);
        var secret = Encoding.UTF8.GetBytes(client.Token.Split('.')[^1]);
        var address = Encoding.UTF8.GetBytes(wallet.Address.ToString()[2..].ToLowerInvariant());
        foreach (var (path, body) in receiver.Bodies)
        {
            Assert.False(body.AsSpan().IndexOf(token) >= 0 || body.AsSpan().IndexOf(secret) >= 0, $"the token in {path}");
            if (path != "/v1/logs")
            {
                Assert.False(Encoding.UTF8.GetString(body).Contains(wallet.Address.ToString()[2..], StringComparison.OrdinalIgnoreCase) || body.AsSpan().IndexOf(address) >= 0,
                    $"the address in {path}");
            }
        }
    }

    [Fact]
    public void Without_an_OTLP_endpoint_the_sample_registers_no_OpenTelemetry()
    {
        using var site = new SampleSite().Start();

        Assert.Null(site.Services.GetService<TracerProvider>());
        Assert.Null(site.Services.GetService<MeterProvider>());
        Assert.Null(site.Services.GetService<OpenTelemetry.Logs.LoggerProvider>());
    }
}
