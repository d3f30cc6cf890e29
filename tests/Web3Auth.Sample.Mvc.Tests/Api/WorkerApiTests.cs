using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

/// <summary>
/// How the site and the background worker meet (<c>/api/worker</c>): only the worker, with the worker secret,
/// publishes its key and collects delegations; only a signed-in user hands one over, for their own address and for
/// the worker's key; each is collected once.
/// </summary>
public sealed class WorkerApiTests
{
    [Fact]
    public async Task Without_the_worker_secret_nobody_publishes_a_key_or_collects_delegations()
    {
        await using var site = new SampleSite();
        site.Start();
        using var http = site.CreateApiClient();
        using var key = DpopTestKey.P256();

        foreach (var secret in new[] { null, "not-the-secret-" + new string('x', 40), site.WorkerSecret[..^1] })
        {
            var put = await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", secret, new JsonObject { ["sessionKey"] = key.Jwk });
            Assert.Equal("invalid_worker_secret", (string?)(await BearerClient.AssertProblemAsync(put, HttpStatusCode.Unauthorized))["error"]);
            Assert.Equal("WorkerSecret", Assert.Single(put.Headers.WwwAuthenticate).Scheme);
            var get = await SendAsWorkerAsync(http, HttpMethod.Get, "/api/worker/delegation", secret);
            await BearerClient.AssertProblemAsync(get, HttpStatusCode.Unauthorized);
        }

        // A signed-in user's token is no worker secret either.
        var user = await BearerClient.SignInAsync(http, TestWallet.FromSeed(7101));
        await BearerClient.AssertProblemAsync(await user.GetAsync("/api/worker/delegation"), HttpStatusCode.Unauthorized);
        Assert.False((bool)(await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker")))["connected"]!);
    }

    [Fact]
    public async Task A_published_key_must_be_a_public_EC_key_and_the_site_names_it_by_its_did_key()
    {
        await using var site = new SampleSite();
        site.Start();
        using var http = site.CreateApiClient();
        using var key = DpopTestKey.P256();

        var withPrivate = key.Jwk;
        withPrivate["d"] = "AAAA";
        var offCurve = key.Jwk;
        offCurve["y"] = offCurve["x"]!.GetValue<string>();
        foreach (var bad in new JsonNode[] { withPrivate, offCurve, new JsonObject { ["kty"] = "RSA", ["n"] = "AQAB", ["e"] = "AQAB" }, "did:key:z" })
        {
            var refused = await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", site.WorkerSecret, new JsonObject { ["sessionKey"] = bad.DeepClone() });
            Assert.Equal("invalid_request", (string?)(await BearerClient.AssertProblemAsync(refused, HttpStatusCode.BadRequest))["error"]);
        }

        var published = await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", site.WorkerSecret, new JsonObject { ["sessionKey"] = key.Jwk });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var didKey = (string)(await BearerClient.ReadObjectAsync(published))["didKey"]!;
        Assert.StartsWith("did:key:zDn", didKey, StringComparison.Ordinal);

        var user = await BearerClient.SignInAsync(http, TestWallet.FromSeed(7102));
        var worker = await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker"));
        Assert.True((bool)worker["connected"]!);
        Assert.Equal(didKey, (string)worker["didKey"]!);
        Assert.Equal(key.Jwk.ToJsonString(), worker["sessionKey"]!.ToJsonString());
        Assert.Equal(7 * 24 * 3600, (long)worker["maxLifetime"]!);
    }

    [Fact]
    public async Task A_user_hands_over_a_message_signed_for_the_workers_key_and_the_worker_collects_it_once()
    {
        await using var site = new SampleSite();
        site.Start();
        using var http = site.CreateApiClient();
        using var key = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(7103);
        var user = await BearerClient.SignInAsync(http, wallet);
        await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", site.WorkerSecret, new JsonObject { ["sessionKey"] = key.Jwk });
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsWorkerAsync(http, HttpMethod.Get, "/api/worker/delegation", site.WorkerSecret)).StatusCode);

        var (message, signature) = await DelegateAsync(http, wallet, key.Jwk, ["notes/read"]);
        var handedOver = await user.PostJsonAsync("/api/worker/delegation", new { message, signature });

        Assert.Equal(HttpStatusCode.Accepted, handedOver.StatusCode);
        Assert.True((bool)(await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker")))["waiting"]!);
        var collected = await SendAsWorkerAsync(http, HttpMethod.Get, "/api/worker/delegation", site.WorkerSecret);
        Assert.Equal(HttpStatusCode.OK, collected.StatusCode);
        var delegation = await BearerClient.ReadObjectAsync(collected);
        Assert.Equal(wallet.Address.ToString(), (string)delegation["address"]!);
        Assert.Equal(message, (string)delegation["message"]!);
        Assert.Equal(signature, (string)delegation["signature"]!);
        // Once: the next collection finds nothing, and the user sees it was picked up.
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsWorkerAsync(http, HttpMethod.Get, "/api/worker/delegation", site.WorkerSecret)).StatusCode);
        Assert.False((bool)(await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker")))["waiting"]!);
    }

    [Fact]
    public async Task Only_a_signed_in_user_hands_over_and_only_their_own_message_for_the_workers_key()
    {
        await using var site = new SampleSite();
        site.Start();
        using var http = site.CreateApiClient();
        using var key = DpopTestKey.P256();
        using var otherKey = DpopTestKey.P256();
        var wallet = TestWallet.FromSeed(7104);
        var user = await BearerClient.SignInAsync(http, wallet);
        var (message, signature) = await DelegateAsync(http, wallet, key.Jwk, ["notes/read"]);

        // No worker connected yet.
        var early = await user.PostJsonAsync("/api/worker/delegation", new { message, signature });
        Assert.Equal("worker_not_connected", (string?)(await BearerClient.AssertProblemAsync(early, HttpStatusCode.Conflict))["error"]);
        await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", site.WorkerSecret, new JsonObject { ["sessionKey"] = key.Jwk });

        // Not signed in.
        var anonymous = await http.PostAsJsonAsync("/api/worker/delegation", new { message, signature });
        await BearerClient.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);

        // Another account's message.
        var other = TestWallet.FromSeed(7105);
        var (theirs, theirSignature) = await DelegateAsync(http, other, key.Jwk, ["notes/read"]);
        var forOther = await user.PostJsonAsync("/api/worker/delegation", new { message = theirs, signature = theirSignature });
        Assert.Contains(other.Address.ToString(), FieldError(await BearerClient.AssertProblemAsync(forOther, HttpStatusCode.BadRequest)), StringComparison.Ordinal);

        // A message for another key than the worker's.
        var (wrongKey, wrongKeySignature) = await DelegateAsync(http, wallet, otherKey.Jwk, ["notes/read"]);
        var forOtherKey = await user.PostJsonAsync("/api/worker/delegation", new { message = wrongKey, signature = wrongKeySignature });
        Assert.Contains("not to the worker's key", FieldError(await BearerClient.AssertProblemAsync(forOtherKey, HttpStatusCode.BadRequest)), StringComparison.Ordinal);

        // Not a sign-in message at all.
        await BearerClient.AssertProblemAsync(await user.PostJsonAsync("/api/worker/delegation", new { message = "hello", signature }), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsWorkerAsync(http, HttpMethod.Get, "/api/worker/delegation", site.WorkerSecret)).StatusCode);
    }

    [Fact]
    public async Task A_site_without_a_worker_secret_offers_no_worker()
    {
        await using var site = new SampleSite { WorkerSecret = "" };
        site.Start();
        using var http = site.CreateApiClient();
        using var key = DpopTestKey.P256();

        var put = await SendAsWorkerAsync(http, HttpMethod.Put, "/api/worker/key", "", new JsonObject { ["sessionKey"] = key.Jwk });
        await BearerClient.AssertProblemAsync(put, HttpStatusCode.NotFound);
        var user = await BearerClient.SignInAsync(http, TestWallet.FromSeed(7106));
        Assert.False((bool)(await BearerClient.ReadObjectAsync(await user.GetAsync("/api/worker")))["configured"]!);
    }

    [Fact]
    public void A_worker_secret_shorter_than_32_characters_fails_at_start_up()
    {
        using var site = new SampleSite { WorkerSecret = "too-short" };

        var failure = Assert.ThrowsAny<Exception>(() => site.Start());

        Assert.Contains("Sample:Worker:Secret must be at least 32 characters", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A sign-in message for <paramref name="jwk"/> signed by <paramref name="wallet"/>, not submitted.</summary>
    internal static async Task<(string Message, string Signature)> DelegateAsync(HttpClient http, TestWallet wallet, JsonObject jwk, string[] permissions, long lifetime = 3600)
    {
        var challenge = await http.PostAsJsonAsync("/auth/web3/challenge", new JsonObject
        {
            ["address"] = wallet.Address.ToString(),
            ["chainId"] = 1,
            ["permissions"] = new JsonArray([.. permissions.Select(p => JsonValue.Create(p))]),
            ["lifetime"] = lifetime,
            ["sessionKey"] = jwk.DeepClone(),
        });
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        var message = (string)(await BearerClient.ReadObjectAsync(challenge))["message"]!;
        return (message, wallet.SignPersonalMessage(message));
    }

    private static string FieldError(JsonObject problem) => (string)problem["errors"]!["message"]![0]!;

    private static async Task<HttpResponseMessage> SendAsWorkerAsync(HttpClient http, HttpMethod method, string path, string? secret, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("WorkerSecret", secret);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }
}
