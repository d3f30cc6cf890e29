using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

public class ObservabilityTests
{
    [Fact]
    public async Task Logs_name_events_by_id_and_never_contain_tokens_signatures_or_messages()
    {
        var capture = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            ConfigureServices = s => s.AddLogging(b => b.AddProvider(capture).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)),
        };
        using var client = app.CreateWeb3Client();
        var wallet = TestWallet.FromSeed(100);

        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;
        var signature = wallet.SignPersonalMessage(message);
        var forged = TestWallet.FromSeed(101).SignPersonalMessage(message);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SubmitAsync(message, forged)).StatusCode);
        var token = (string)(await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, signature)))["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, "/auth/web3/session", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(HttpMethod.Get, "/api/me", token)).StatusCode);

        var ours = capture.Lines.Where(l => l.Category.StartsWith("Web3Auth", StringComparison.Ordinal)).ToList();
        var all = string.Join("\n", capture.Lines.Select(l => l.Text));
        Assert.DoesNotContain(token.Split('.')[1], all, StringComparison.Ordinal);
        Assert.DoesNotContain(signature[2..], all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(forged[2..], all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wants you to sign in", all, StringComparison.Ordinal);
        foreach (var name in new[] { "SignInMessageIssued", "LoginRejected", "SessionCreated", "SessionAuthenticated", "TokenRejected", "SessionRevoked" })
        {
            Assert.Contains(ours, l => l.EventId.Name == name && l.EventId.Id > 0);
        }
    }

    [Fact]
    public async Task A_sign_in_message_is_logged_at_Debug_so_that_anyone_asking_for_many_cannot_flood_an_Information_log()
    {
        var capture = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            ConfigureServices = s => s.AddLogging(b => b.AddProvider(capture).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)),
        };
        using var client = app.CreateWeb3Client();

        await client.ChallengeAsync(TestWallet.FromSeed(105));
        await client.ChallengeAsync(TestWallet.FromSeed(106));

        var issued = capture.Lines.Where(l => l.EventId.Name == "SignInMessageIssued").ToList();
        Assert.Equal(2, issued.Count);
        Assert.All(issued, l => Assert.Equal((4, LogLevel.Debug), (l.EventId.Id, l.Level)));
        // Asking for a message writes nothing at Information or above.
        Assert.DoesNotContain(capture.Lines, l => l.Category.StartsWith("Web3Auth", StringComparison.Ordinal) && l.Level >= LogLevel.Information);
    }

    [Fact]
    public async Task Metrics_count_challenges_logins_by_outcome_authentications_and_revocations()
    {
        using var app = new Web3AppFactory();
        using var client = app.CreateWeb3Client();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Web3AuthDefaults.DiagnosticsName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.Length > 0 ? tags[0].Value?.ToString() : null)));
        listener.Start();

        var wallet = TestWallet.FromSeed(102);
        var message = (string)(await client.ChallengeAsync(wallet))["message"]!;
        await client.SubmitAsync(message, TestWallet.FromSeed(103).SignPersonalMessage(message));
        await client.SubmitAsync(message, "0x1234");
        var token = (string)(await Web3TestClient.ReadObjectAsync(await client.SubmitAsync(message, wallet.SignPersonalMessage(message))))["token"]!;
        await client.SendAsync(HttpMethod.Get, "/api/me", token);
        await client.SendAsync(HttpMethod.Delete, "/auth/web3/sessions", token);

        Assert.Contains(measurements, m => m is ("web3auth.challenges", 1, null));
        Assert.Contains(measurements, m => m is ("web3auth.logins", 1, "invalid_signature")); // another key's signature
        Assert.Contains(measurements, m => m is ("web3auth.logins", 1, "smart_wallet_unverifiable")); // no ordinary signature, no RPC endpoint
        Assert.Contains(measurements, m => m is ("web3auth.logins", 1, "success"));
        Assert.Contains(measurements, m => m is ("web3auth.authentications", 1, "success"));
        Assert.Contains(measurements, m => m is ("web3auth.revocations", 1, "all"));
    }

    [Fact]
    public async Task A_refused_DPoP_proof_is_logged_with_its_check_and_counted_and_neither_proof_nor_token_is_logged()
    {
        var capture = new CapturingLoggerProvider();
        using var app = new Web3AppFactory
        {
            ConfigureServices = s => s.AddLogging(b => b.AddProvider(capture).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)),
        };
        using var client = app.CreateWeb3Client();
        using var key = DpopTestKey.P256();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var outcomes = new ConcurrentQueue<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "web3auth.authentications" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => outcomes.Enqueue(tags[0].Value?.ToString()));
        listener.Start();
        var token = (string)(await client.SignInKeyBoundAsync(TestWallet.FromSeed(104), key))["token"]!;
        var proof = key.Proof("GET", "http://localhost/api/me", token, app.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), proof)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendDpopAsync(HttpMethod.Get, "/api/me", token, key, app.Time.GetUtcNow(), proof)).StatusCode);

        var rejected = Assert.Single(capture.Lines, l => l.EventId.Name == "DpopProofRejected");
        Assert.Equal(16, rejected.EventId.Id);
        Assert.Contains("Replayed", rejected.Text, StringComparison.Ordinal);
        var all = string.Join("\n", capture.Lines.Select(l => l.Text));
        Assert.DoesNotContain(token.Split('.')[1], all, StringComparison.Ordinal);
        Assert.DoesNotContain(proof.Split('.')[2], all, StringComparison.Ordinal);
        Assert.Contains("invalid_dpop_proof", outcomes);
        Assert.Contains("success", outcomes);
    }
}
