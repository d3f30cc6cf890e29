using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Web3Auth.AspNetCore.Tests.SmartWallets;
using Web3Auth.Siwe;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The activity source and meter are global by name, so OpenTelemetry's listeners would also hear every other test's
/// app: these tests run alone.
/// </summary>
[CollectionDefinition(nameof(OpenTelemetryCollection), DisableParallelization = true)]
public sealed class OpenTelemetryCollection;

/// <summary>
/// The real OpenTelemetry SDK (OpenTelemetry.Extensions.Hosting) with <c>AddWeb3AuthInstrumentation()</c> and the
/// in-memory exporters: every span, tag and metric point docs/observability.md lists, and no secret or personal
/// data in any of them.
/// </summary>
[Collection(nameof(OpenTelemetryCollection))]
public sealed class OpenTelemetryTests : IDisposable
{
    private static readonly EthereumAddress ContractWallet = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly FakeChainRpc _rpc = new();
    private readonly Web3AppFactory _app;
    private readonly Web3TestClient _client;

    public OpenTelemetryTests()
    {
        // The contract wallet has code and accepts what it is asked; every other address is an EOA.
        _rpc.Answer = (method, parameters) => method != "eth_getCode" ? FakeChainRpc.Accepts()
            : string.Equals((string?)parameters[0], ContractWallet.ToString(), StringComparison.OrdinalIgnoreCase) ? FakeChainRpc.Result("0x6080") : FakeChainRpc.Result("0x");
        _app = new Web3AppFactory
        {
            ConfigureOptions = o => o.ChainRpcUrls[1] = new Uri(FakeChainRpc.Url),
            ConfigureServices = services =>
            {
                _rpc.AddTo(services);
                services.AddOpenTelemetry()
                    // As an app does: the request span is the parent, and with the default parent-based sampler an
                    // unrecorded parent (ASP.NET Core starts one for every request) would drop ours.
                    .WithTracing(t => t.AddAspNetCoreInstrumentation().AddWeb3AuthInstrumentation().AddInMemoryExporter(_spans))
                    .WithMetrics(m => m.AddWeb3AuthInstrumentation().AddInMemoryExporter(_metrics));
            },
        };
        _client = _app.CreateWeb3Client();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        _rpc.Dispose();
    }

    [Fact]
    public async Task Sign_in_authentication_renewal_and_revocations_are_spans_tagged_with_scheme_outcome_and_transport()
    {
        var wallet = TestWallet.FromSeed(900);
        var message = (string)(await _client.ChallengeAsync(wallet, ["profile/read", "profile/write"]))["message"]!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SubmitAsync(message, TestWallet.FromSeed(901).SignPersonalMessage(message))).StatusCode);
        var signature = wallet.SignPersonalMessage(message);
        var session = await Web3TestClient.ReadObjectAsync(await _client.SubmitAsync(message, signature));
        var token = (string)session["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode);

        var renewal = (string)(await _client.ChallengeAsync(wallet, renew: true, token: token))["message"]!;
        var renewed = (string)(await Web3TestClient.ReadObjectAsync(await _client.SubmitAsync(renewal, wallet.SignPersonalMessage(renewal))))["token"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, "/auth/web3/session/permissions/profile/write", renewed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", renewed)).StatusCode);
        var other = await _client.SignInTokenAsync(wallet);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, "/auth/web3/session", other)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", renewed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/me", renewed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, "/api/me", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln")).StatusCode);

        var spans = Spans();
        var requests = _spans.Where(s => s.Source.Name == "Microsoft.AspNetCore").ToDictionary(s => s.SpanId);
        // The smart-wallet check names no scheme: its parent (the sign-in, or the request's authentication) does.
        Assert.All(spans, s => Assert.Equal(s.OperationName == "Web3Auth.SmartWalletCheck" ? null : "Web3", Tag(s, "web3auth.scheme")));
        // Every span is a child of its request's span, but the renewal and the smart-wallet check: children of their sign-in.
        var signInIds = spans.Where(s => s.OperationName == "Web3Auth.SignIn").Select(s => s.SpanId).ToHashSet();
        Assert.All(spans, s => Assert.True(
            s.OperationName is "Web3Auth.Renew" or "Web3Auth.SmartWalletCheck" ? signInIds.Contains(s.ParentSpanId) : requests.ContainsKey(s.ParentSpanId),
            s.OperationName));

        var signIns = spans.Where(s => s.OperationName == "Web3Auth.SignIn").ToList();
        Assert.Contains(signIns, s => Tag(s, "web3auth.outcome") == "invalid_signature" && s.Status == ActivityStatusCode.Error && s.StatusDescription == "invalid_signature");
        // Another account's signature: the chain is asked whether the address is a contract wallet (it is not).
        var check = Assert.Single(spans, s => s.OperationName == "Web3Auth.SmartWalletCheck");
        Assert.Equal("invalid_signature", Tag(check, "web3auth.outcome"));
        Assert.Equal(ActivityStatusCode.Error, check.Status);
        Assert.Equal(3, signIns.Count(s => Tag(s, "web3auth.outcome") == "success" && s.Status == ActivityStatusCode.Unset));

        var renew = Assert.Single(spans, s => s.OperationName == "Web3Auth.Renew");
        Assert.Equal("success", Tag(renew, "web3auth.outcome"));
        Assert.Contains(signIns, s => s.SpanId == renew.ParentSpanId); // a child of the sign-in that renewed

        var authentications = spans.Where(s => s.OperationName == "Web3Auth.Authenticate").ToList();
        Assert.All(authentications, s => Assert.Equal("bearer", Tag(s, "web3auth.transport")));
        Assert.Contains(authentications, s => Tag(s, "web3auth.outcome") == "success" && s.Status == ActivityStatusCode.Unset);
        Assert.Contains(authentications, s => Tag(s, "web3auth.outcome") == "invalid_token" && s.Status == ActivityStatusCode.Error);
        // A token that is not this scheme's (a JWT): another scheme may take it, so it is no error.
        Assert.Contains(authentications, s => Tag(s, "web3auth.outcome") == "foreign_token" && s.Status == ActivityStatusCode.Unset);

        Assert.Equal("success", Tag(Assert.Single(spans, s => s.OperationName == "Web3Auth.RevokePermission"), "web3auth.outcome"));
        var revokeSession = spans.Where(s => s.OperationName == "Web3Auth.RevokeSession").ToList();
        Assert.Contains(revokeSession, s => Tag(s, "web3auth.outcome") == "session_not_found" && s.Status == ActivityStatusCode.Error);
        Assert.Contains(revokeSession, s => Tag(s, "web3auth.outcome") == "success");
        var revokeAll = Assert.Single(spans, s => s.OperationName == "Web3Auth.RevokeAll");
        Assert.Equal("success", Tag(revokeAll, "web3auth.outcome"));
        Assert.Equal(1, revokeAll.GetTagItem("web3auth.revoked_count"));

        AssertNothingSecretOrPersonal(spans, [token, renewed, other, signature, message, wallet.Address.ToString()], [(string)session["sessionId"]!]);
    }

    [Fact]
    public async Task A_key_bound_request_is_tagged_dpop_and_a_refused_proof_is_an_error_span()
    {
        using var key = DpopTestKey.P256();
        var token = (string)(await _client.SignInKeyBoundAsync(TestWallet.FromSeed(902), key))["token"]!;
        var proof = key.Proof("GET", "http://localhost/api/me", token, _app.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await _client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, _app.Time.GetUtcNow(), proof)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, _app.Time.GetUtcNow(), proof)).StatusCode);

        var authentications = Spans().Where(s => s.OperationName == "Web3Auth.Authenticate").ToList();
        Assert.Equal(2, authentications.Count);
        Assert.All(authentications, s => Assert.Equal("dpop", Tag(s, "web3auth.transport")));
        Assert.Equal("success", Tag(authentications[0], "web3auth.outcome"));
        Assert.Equal("invalid_dpop_proof", Tag(authentications[1], "web3auth.outcome"));
        Assert.Equal(ActivityStatusCode.Error, authentications[1].Status);
        AssertNothingSecretOrPersonal(Spans(), [token, proof], []);
    }

    [Fact]
    public async Task A_smart_wallet_sign_in_asks_the_chain_in_a_child_span_tagged_with_chain_and_method()
    {
        var message = (string)(await _client.ChallengeAsync(ContractWallet))["message"]!;
        var signature = "0x" + new string('b', 130);
        Assert.Equal(HttpStatusCode.OK, (await _client.SubmitAsync(message, signature)).StatusCode);

        var spans = Spans();
        var signIn = Assert.Single(spans, s => s.OperationName == "Web3Auth.SignIn");
        var check = Assert.Single(spans, s => s.OperationName == "Web3Auth.SmartWalletCheck");
        Assert.Equal(signIn.SpanId, check.ParentSpanId);
        Assert.Equal(1L, check.GetTagItem("web3auth.chain_id"));
        Assert.Equal("eip1271", Tag(check, "web3auth.verification_method"));
        Assert.Equal("success", Tag(check, "web3auth.outcome"));
        // The endpoint's URL carries its API key: never in a span.
        AssertNothingSecretOrPersonal(spans, [signature[2..], ContractWallet.ToString(), FakeChainRpc.Url, "secret-api-key"], []);
    }

    [Fact]
    public async Task Metrics_reach_the_SDK_with_outcomes_and_an_authentication_duration_in_seconds()
    {
        using var key = DpopTestKey.P256();
        var bearer = await _client.SignInTokenAsync(TestWallet.FromSeed(903));
        var bound = (string)(await _client.SignInKeyBoundAsync(TestWallet.FromSeed(904), key))["token"]!;
        await _client.SendAsync(HttpMethod.Get, "/api/me", bearer);
        await _client.SendDpopAsync(HttpMethod.Get, "/api/me", bound, key, _app.Time.GetUtcNow());
        await _client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", bearer);
        await _client.SendAsync(HttpMethod.Get, "/api/me", bearer);

        Assert.True(_app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        var metrics = _metrics.ToList();

        Assert.Contains(Points(metrics, "web3auth.challenges"), p => p.GetSumLong() >= 2);
        Assert.Contains(Points(metrics, "web3auth.logins"), p => Tags(p)["outcome"] == "success" && p.GetSumLong() >= 2);
        Assert.Contains(Points(metrics, "web3auth.authentications"), p => Tags(p)["outcome"] == "success");
        Assert.Contains(Points(metrics, "web3auth.authentications"), p => Tags(p)["outcome"] == "invalid_token");
        Assert.Contains(Points(metrics, "web3auth.revocations"), p => Tags(p)["kind"] == "all");

        var duration = metrics.Last(m => m.Name == "web3auth.authentication.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(MetricType.Histogram, duration.MetricType);
        var points = duration.MetricPoints.Select(p => (Tags: Tags(p), Count: p.GetHistogramCount(), Sum: p.GetHistogramSum())).ToList();
        Assert.Contains(points, p => p.Tags is { Count: 3 } t && t["outcome"] == "success" && t["transport"] == "bearer" && t["scheme"] == "Web3");
        Assert.Contains(points, p => p.Tags["outcome"] == "success" && p.Tags["transport"] == "dpop");
        Assert.Contains(points, p => p.Tags["outcome"] == "invalid_token" && p.Tags["transport"] == "bearer");
        // Seconds, with the package's buckets (advice the SDK follows): from 100 µs, not OpenTelemetry's 0–10 000 ms default.
        var bounds = new List<double>();
        foreach (var bucket in duration.MetricPoints[0].GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal(0.0001, bounds[0]);
        Assert.Equal(10, bounds[^2]);
        Assert.All(points, p => Assert.InRange(p.Sum / p.Count, 0, 1));
    }

    private List<Activity> Spans()
    {
        Assert.True(_app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        return _spans.Where(s => s.Source.Name == Web3AuthDefaults.DiagnosticsName).ToList();
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static IEnumerable<MetricPoint> Points(List<MetricSnapshot> metrics, string name)
    {
        var metric = metrics.LastOrDefault(m => m.Name == name);
        Assert.True(metric is not null, $"no {name} exported");
        return metric.MetricPoints;
    }

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }

    // No tag value contains a secret (tokens, proofs, signatures, messages, endpoint URLs) or personal data (the address,
    // in any case, and session ids, which contain it).
    private static void AssertNothingSecretOrPersonal(List<Activity> spans, string[] secrets, string[] sessionIds)
    {
        Assert.NotEmpty(spans);
        var values = spans.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? "").Append(s.DisplayName).Append(s.StatusDescription ?? "")).ToList();
        foreach (var secret in secrets.Concat(sessionIds))
        {
            var parts = secret.Split('.', ':').Where(p => p.Length >= 16).Append(secret);
            foreach (var part in parts)
            {
                Assert.DoesNotContain(values, v => v.Contains(part, StringComparison.OrdinalIgnoreCase) ||
                    (part.StartsWith("0x", StringComparison.Ordinal) && v.Contains(part[2..], StringComparison.OrdinalIgnoreCase)));
            }
        }
    }
}
