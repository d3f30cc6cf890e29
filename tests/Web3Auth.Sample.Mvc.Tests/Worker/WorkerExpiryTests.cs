using System.Net;
using System.Text.Json.Nodes;
using Web3Auth.Sample.Mvc.Tests.Api;
using Web3Auth.Testing;
using Xunit.Abstractions;

namespace Web3Auth.Sample.Mvc.Tests.Worker;

/// <summary>
/// The site and the background worker as two processes, driven through the JSON API: the worker acts for a user for
/// exactly as long as the user's delegation lasts.
/// </summary>
public sealed class WorkerExpiryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_worker_acts_for_a_user_until_the_delegated_session_expires_and_logs_why_it_stopped()
    {
        await using var site = new SampleSite();
        site.Start();
        await using var worker = WorkerProcess.Start(site, interval: TimeSpan.FromMilliseconds(300), pollInterval: TimeSpan.FromMilliseconds(200), output);
        var didKey = await worker.DidKeyAsync(StartDeadline);
        await worker.WaitForLineAsync(l => l.Contains("Published the worker's key", StringComparison.Ordinal), StartDeadline, "that it published its key");

        using var http = site.CreateApiClient();
        var wallet = TestWallet.FromSeed(7201);
        var address = wallet.Address.ToString();
        var user = await BearerClient.SignInAsync(http, wallet);
        var published = await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker"));
        Assert.Equal(didKey, (string)published["didKey"]!);

        // The user signs a ten-second delegation of notes/read for the worker's public key, and hands it over.
        var (message, signature) = await WorkerApiTests.DelegateAsync(http, wallet, published["sessionKey"]!.AsObject(), ["notes/read"], lifetime: 10);
        Assert.Contains($"\nURI: {didKey}\n", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await user.PostJsonAsync("/api/worker/delegation", new { message, signature })).StatusCode);

        await worker.WaitForLineAsync(l => l.Contains($"Acting for {address} with notes/read", StringComparison.Ordinal), Deadline, "that it acts for the user");
        await worker.WaitForLineAsync(l => l.Contains($"Read 0 notes of {address}", StringComparison.Ordinal), Deadline, "a successful call");
        var stopped = await worker.WaitForLineAsync(l => l.Contains($"Stopped acting for {address}", StringComparison.Ordinal), Deadline, "that it stopped");

        Assert.Contains("(invalid_token: The session token is unknown, expired or revoked.)", stopped, StringComparison.Ordinal);
        Assert.Contains("it expired at", stopped, StringComparison.Ordinal);
        // The session it used is the user's, bound to the worker's key, and it has ended.
        var sessions = await BearerClient.ReadArrayAsync(await user.GetAsync("/auth/web3/sessions"));
        Assert.DoesNotContain(sessions, s => (string?)s!["sessionKey"] == didKey);
    }
}
