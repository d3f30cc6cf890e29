using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Fuzzing;

/// <summary>
/// Every endpoint, with random and mutated Authorization headers, session cookies and JSON bodies: the answer is
/// never a 5xx, and always a 2xx or a problem+json 4xx. Seeds are fixed (FuzzRun); a failure names the seed and input.
/// </summary>
public class HttpFuzzTests
{
    private const string TokenPool = FuzzInput.Base64UrlAlphabet + "+/=. ,;\"";

    private static readonly (HttpMethod Method, string Path)[] s_endpoints =
    [
        (HttpMethod.Post, "/auth/web3/challenge"),
        (HttpMethod.Post, "/auth/web3/session"),
        (HttpMethod.Get, "/auth/web3/session"),
        (HttpMethod.Delete, "/auth/web3/session"),
        (HttpMethod.Delete, "/auth/web3/session/permissions/x"),
        (HttpMethod.Get, "/auth/web3/sessions"),
        (HttpMethod.Delete, "/auth/web3/sessions"),
        (HttpMethod.Delete, "/auth/web3/sessions/{id}"),
        (HttpMethod.Get, "/api/me"),
        (HttpMethod.Get, "/api/profile"),
    ];

    private static readonly string[] s_contentTypes =
        ["application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/problem+json", "text/json", "application/json;;", "text/plain", ""];

    private static readonly TestWallet s_wallet = TestWallet.FromSeed(4242);

    /// <summary>The signed-in state a fuzz run mutates: a live token and session id, renewed when a case signs it out.</summary>
    private sealed class Session(Web3TestClient client)
    {
        public string Token { get; private set; } = "";

        public string Id { get; private set; } = "";

        public async Task RenewAsync()
        {
            var session = await client.SignInAsync(s_wallet, ["profile/read", "notes/read"]);
            Token = (string)session["token"]!;
            Id = (string)session["sessionId"]!;
        }
    }

    // Thousands of rejected tokens would otherwise log thousands of warnings.
    private static Web3AppFactory QuietApp(Action<Web3SessionKeyOptions>? configure = null) => new()
    {
        ConfigureOptions = configure,
        ConfigureServices = services => services.AddLogging(logging => logging.ClearProviders()),
    };

    private static HttpRequestMessage Request(HttpMethod method, string path, string sessionId, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path.Replace("{id}", Uri.EscapeDataString(sessionId), StringComparison.Ordinal));
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body ?? """{"address":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"}"""));
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    // A header value (or path segment) a client can send at all: no line breaks or NUL (servers refuse those before any app code runs).
    private static string HeaderSafe(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal);

    /// <summary>Never a 5xx; a 4xx is problem+json with its status and an error code. Returns the status.</summary>
    private static async Task<int> AssertAnswerAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 200 and < 300 or >= 400 and < 500, $"answered {status}: {body}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"answered {status} as {response.Content.Headers.ContentType}: {body}");
            var problem = JsonNode.Parse(body)!.AsObject();
            Assert.Equal(status, (int)problem["status"]!);
            Assert.False(string.IsNullOrEmpty((string?)problem["error"]));
        }

        return status;
    }

    [Fact]
    public async Task The_crafted_bearer_header_of_the_finding_is_a_401_on_every_endpoint_not_a_500()
    {
        using var app = QuietApp();
        using var client = app.CreateWeb3Client();

        foreach (var (method, path) in s_endpoints)
        {
            using var request = Request(method, path, "AAAAAAAAAAAAAAAAAAAAAA", body: path.EndsWith("/session", StringComparison.Ordinal) ? "{}" : null);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + SessionTokenFuzzTests.CraftedToken);
            using var response = await client.Http.SendAsync(request);

            // Sign-in endpoints are anonymous (a bad token does not stop a new sign-in); every other one needs a session.
            if (method == HttpMethod.Post)
            {
                var status = await AssertAnswerAsync(response);
                Assert.True(path.EndsWith("/challenge", StringComparison.Ordinal) ? status == 200 : status == 400, $"{method} {path}: {status}");
            }
            else
            {
                await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
            }
        }
    }

    [Fact]
    public async Task The_crafted_token_as_the_session_cookie_is_a_401_on_every_endpoint_not_a_500()
    {
        using var app = QuietApp(o => o.UseSessionCookie = true);
        using var client = app.CreateWeb3Client();

        foreach (var (method, path) in s_endpoints)
        {
            using var request = Request(method, path, "AAAAAAAAAAAAAAAAAAAAAA", body: path.EndsWith("/session", StringComparison.Ordinal) ? "{}" : null);
            request.Headers.TryAddWithoutValidation("Cookie", "__Host-web3-session=" + SessionTokenFuzzTests.CraftedToken);
            request.Headers.TryAddWithoutValidation("Origin", "http://localhost"); // same-origin, so the token itself is judged
            using var response = await client.Http.SendAsync(request);

            if (method == HttpMethod.Post)
            {
                var status = await AssertAnswerAsync(response);
                Assert.True(path.EndsWith("/challenge", StringComparison.Ordinal) ? status == 200 : status == 400, $"{method} {path}: {status}");
            }
            else
            {
                await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
            }
        }
    }

    [Fact]
    public async Task Random_and_mutated_authorization_headers_never_answer_5xx()
    {
        var run = new FuzzRun(nameof(Random_and_mutated_authorization_headers_never_answer_5xx), 6750);
        using var app = QuietApp();
        using var client = app.CreateWeb3Client();
        var session = new Session(client);
        await session.RenewAsync();
        var statuses = new HashSet<int>();

        for (var i = 0; i < 900; i++)
        {
            var header = run.Random.Next(10) switch
            {
                0 => "Bearer " + session.Token, // unmutated, so authenticated paths are fuzzed too
                1 => FuzzInput.Mutate(run.Random, "Bearer " + session.Token, TokenPool),
                2 => "Bearer " + FuzzInput.Mutate(run.Random, SessionTokenFuzzTests.CraftedToken, TokenPool),
                3 => "Bearer " + FuzzInput.RandomText(run.Random, 80),
                4 => FuzzInput.RandomText(run.Random, 80),
                5 => "Bearer " + FuzzInput.FromAlphabet(run.Random, TokenPool, 66),
                6 => (run.Random.Next(2) == 0 ? "bEaReR   " : "Basic ") + session.Token + (run.Random.Next(2) == 0 ? "  " : ", Bearer x"),
                _ => "Bearer " + FuzzInput.Mutate(run.Random, session.Token, TokenPool),
            };
            header = HeaderSafe(header);
            var (method, path) = s_endpoints[run.Random.Next(s_endpoints.Length)];
            await run.CaseAsync(i, $"{method} {path} Authorization: {header}", async () =>
            {
                using var request = Request(method, path, run.Random.Next(2) == 0 ? session.Id : HeaderSafe(FuzzInput.Mutate(run.Random, session.Id, TokenPool)));
                request.Headers.TryAddWithoutValidation("Authorization", header);
                using var response = await client.Http.SendAsync(request);
                var status = await AssertAnswerAsync(response);
                statuses.Add(status);
                if (method == HttpMethod.Delete && status == 204)
                {
                    await session.RenewAsync(); // the case may have signed the session out
                }
            });
        }

        // Both sides were reached: some cases authenticated, some were refused as bad tokens.
        Assert.Contains(statuses, s => s is >= 200 and < 300);
        Assert.Contains(401, statuses);
    }

    [Fact]
    public async Task Random_and_mutated_session_cookies_never_answer_5xx()
    {
        var run = new FuzzRun(nameof(Random_and_mutated_session_cookies_never_answer_5xx), 6265);
        using var app = QuietApp(o => o.UseSessionCookie = true);
        using var client = app.CreateWeb3Client();
        var session = new Session(client);
        await session.RenewAsync();
        var statuses = new HashSet<int>();

        for (var i = 0; i < 700; i++)
        {
            var value = run.Random.Next(8) switch
            {
                0 => session.Token,
                1 => FuzzInput.Mutate(run.Random, SessionTokenFuzzTests.CraftedToken, TokenPool),
                2 => FuzzInput.RandomText(run.Random, 80),
                3 => "\"" + session.Token + "\"",
                4 => session.Token + "; __Host-web3-session=" + FuzzInput.Mutate(run.Random, session.Token, TokenPool),
                _ => FuzzInput.Mutate(run.Random, session.Token, TokenPool),
            };
            var cookie = HeaderSafe("__Host-web3-session=" + value);
            var sameOrigin = run.Random.Next(3) != 0;
            var (method, path) = s_endpoints[run.Random.Next(s_endpoints.Length)];
            await run.CaseAsync(i, $"{method} {path} Cookie: {cookie} (same origin: {sameOrigin})", async () =>
            {
                using var request = Request(method, path, session.Id);
                request.Headers.TryAddWithoutValidation("Cookie", cookie);
                if (sameOrigin)
                {
                    request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
                }

                using var response = await client.Http.SendAsync(request);
                var status = await AssertAnswerAsync(response);
                statuses.Add(status);
                if (method == HttpMethod.Delete && status == 204)
                {
                    await session.RenewAsync();
                }
            });
        }

        Assert.Contains(statuses, s => s is >= 200 and < 300);
        Assert.Contains(401, statuses);
        Assert.Contains(403, statuses); // cross-site writes reached the CSRF check
    }

    [Fact]
    public async Task Random_user_agents_kept_as_the_client_hint_never_break_a_sign_in()
    {
        var run = new FuzzRun(nameof(Random_user_agents_kept_as_the_client_hint_never_break_a_sign_in), 120);
        using var app = QuietApp();
        using var client = app.CreateWeb3Client();

        for (var i = 0; i < 40; i++)
        {
            // The hint is cut at 120 characters: sometimes inside a surrogate pair, leaving half of it in the stored record.
            var userAgent = HeaderSafe(i % 2 == 0 ? new string('a', 119) + "\U0001F600" + FuzzInput.RandomText(run.Random, 20) : FuzzInput.RandomText(run.Random, 200));
            await run.CaseAsync(i, userAgent, async () =>
            {
                var challenge = await client.ChallengeAsync(s_wallet);
                var message = (string)challenge["message"]!;
                using var request = Request(HttpMethod.Post, "/auth/web3/session", "", JsonSerializer.Serialize(new { message, signature = s_wallet.SignPersonalMessage(message) }));
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                using var response = await client.Http.SendAsync(request);
                Assert.Equal(200, await AssertAnswerAsync(response));

                var token = (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!;
                using var sessions = await client.SendAsync(HttpMethod.Get, "/auth/web3/sessions", token);
                Assert.Equal(200, await AssertAnswerAsync(sessions));
            });
        }
    }

    [Fact]
    public async Task Random_and_mutated_json_bodies_never_answer_5xx()
    {
        var run = new FuzzRun(nameof(Random_and_mutated_json_bodies_never_answer_5xx), 4361);
        using var app = QuietApp();
        using var client = app.CreateWeb3Client();
        var session = new Session(client);
        await session.RenewAsync();

        // Real bodies as mutation seeds: a signed challenge mutated in its message or signature reaches every login check.
        var seeds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var challenge = await client.ChallengeAsync(s_wallet, ["profile/read"]);
            var message = (string)challenge["message"]!;
            seeds.Add(JsonSerializer.Serialize(new { message, signature = s_wallet.SignPersonalMessage(message) }));
            seeds.Add(JsonSerializer.Serialize(new { address = s_wallet.Address.ToString(), chainId = 10, permissions = new[] { "notes/read" }, lifetime = 60, renew = i == 0 }));
        }

        var statuses = new HashSet<int>();
        for (var i = 0; i < 1400; i++)
        {
            var body = JsonBodies.Next(run.Random, seeds);
            var path = run.Random.Next(2) == 0 ? "/auth/web3/challenge" : "/auth/web3/session";
            var contentType = run.Random.Next(4) == 0 ? s_contentTypes[run.Random.Next(s_contentTypes.Length)] : "application/json";
            var withToken = run.Random.Next(3) == 0;
            await run.CaseAsync(i, $"POST {path} ({contentType}, token: {withToken}) {System.Text.Encoding.UTF8.GetString(body)}", async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
                if (contentType.Length > 0)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                if (withToken)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
                }

                using var response = await client.Http.SendAsync(request);
                statuses.Add(await AssertAnswerAsync(response));
            });
        }

        // Mutations left some bodies valid (a challenge issued, a renewal asked for) and the rest were refused as 4xx.
        Assert.Contains(200, statuses);
        Assert.Contains(400, statuses);
        Assert.Contains(401, statuses);
    }
}
