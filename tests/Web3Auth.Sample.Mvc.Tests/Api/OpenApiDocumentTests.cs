using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Web3Auth.Sample.Mvc.OpenApi;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Api;

/// <summary>
/// The sample's OpenAPI document (/openapi/v1.json) describes every endpoint of <c>MapWeb3SessionKeys</c> as
/// docs/http-api.md does: method and path, request and answer schemas, every problem status with the <c>error</c>
/// codes it can carry, and which credentials each endpoint takes. In Development, Scalar's page shows it.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<SampleSite>
{
    private const string Problem = "application/problem+json";

    // The session credentials (Bearer, DPoP, the cookie) as alternatives; "optional" adds {} (anonymous is fine).
    private static readonly string[][] SessionRequired = [["Bearer"], ["DPoP"], ["Cookie"]];
    private static readonly string[][] SessionOptional = [[], ["Bearer"], ["DPoP"], ["Cookie"]];

    // docs/http-api.md, endpoint by endpoint. Every one of them can also answer the sample's rate limit (429).
    private static readonly Dictionary<string, string[]> NotAuthenticated = new() { ["401"] = ["invalid_token", "invalid_dpop_proof", "use_dpop_nonce"] };

    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "post", "/auth/web3/challenge", "200", "Web3Challenge" },
        { "post", "/auth/web3/session", "200", "Web3SignIn" },
        { "get", "/auth/web3/session", "200", "Web3GetSession" },
        { "delete", "/auth/web3/session", "204", "Web3SignOut" },
        { "delete", "/auth/web3/session/permissions/{name}", "204", "Web3RevokePermission" },
        { "get", "/auth/web3/sessions", "200", "Web3ListSessions" },
        { "delete", "/auth/web3/sessions", "204", "Web3SignOutEverywhere" },
        { "delete", "/auth/web3/sessions/{id}", "204", "Web3RevokeSession" },
        { "get", "/auth/web3/session/events", "200", "Web3SessionEvents" },
        { "get", "/auth/web3/sessions/events", "200", "Web3SessionsEvents" },
    };

    private static readonly Dictionary<string, Dictionary<string, string[]>> Problems = new()
    {
        ["post /auth/web3/challenge"] = new()
        {
            ["400"] = ["invalid_request", "chain_not_allowed", "unknown_permission", "session_key_required"],
            ["401"] = NotAuthenticated["401"], // renew: true
            ["403"] = ["csrf_rejected"],
            ["413"] = ["request_too_large"],
            ["503"] = ["store_unavailable", "chain_unavailable"],
        },
        ["post /auth/web3/session"] = new()
        {
            ["400"] = ["invalid_request", "session_key_required"],
            ["401"] =
            [
                "malformed_message", "domain_mismatch", "uri_mismatch", "chain_not_allowed", "message_expired", "message_not_yet_valid",
                "invalid_nonce", "message_mismatch", "invalid_signature", "smart_wallet_unverifiable", "invalid_token",
            ],
            ["403"] = ["login_refused"],
            ["413"] = ["request_too_large"],
            ["503"] = ["store_unavailable", "chain_unavailable"],
        },
        ["get /auth/web3/session"] = new(NotAuthenticated) { ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["delete /auth/web3/session"] = new(NotAuthenticated) { ["403"] = ["csrf_rejected"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["delete /auth/web3/session/permissions/{name}"] = new(NotAuthenticated) { ["403"] = ["csrf_rejected"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["get /auth/web3/sessions"] = new(NotAuthenticated) { ["400"] = ["invalid_request"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["delete /auth/web3/sessions"] = new(NotAuthenticated) { ["403"] = ["csrf_rejected"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["get /auth/web3/session/events"] = new(NotAuthenticated) { ["429"] = ["too_many_streams"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["get /auth/web3/sessions/events"] = new(NotAuthenticated) { ["429"] = ["too_many_streams"], ["503"] = ["store_unavailable", "chain_unavailable"] },
        ["delete /auth/web3/sessions/{id}"] = new(NotAuthenticated)
        {
            ["403"] = ["csrf_rejected"],
            ["404"] = ["session_not_found"],
            ["503"] = ["store_unavailable", "chain_unavailable"],
        },
    };

    private static readonly string[] SessionMembers = ["token", "tokenType", "sessionKey", "sessionId", "address", "chainId", "permissions", "expiresAt"];
    private static readonly string[] SummaryMembers = ["sessionId", "createdAt", "expiresAt", "permissions", "client", "current", "sessionKey"];

    private readonly SampleSite _site;

    public OpenApiDocumentTests(SampleSite site) => _site = site.Start();

    private async Task<JsonObject> DocumentAsync()
    {
        using var http = _site.CreateApiClient();
        var response = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_is_in_the_document_with_its_answers_and_the_error_codes_of_each_problem(string method, string path, string success, string operationId)
    {
        var document = await DocumentAsync();
        var operation = Operation(document, method, path);
        Assert.Equal(operationId, (string?)operation["operationId"]);
        Assert.False(string.IsNullOrEmpty((string?)operation["summary"]));

        var responses = operation["responses"]!.AsObject();
        var expected = new Dictionary<string, string[]>(Problems[$"{method} {path}"]);
        expected["429"] = ["rate_limited", .. expected.GetValueOrDefault("429", [])];
        Assert.Equal([success, .. expected.Keys.Order(StringComparer.Ordinal)], responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (var (status, codes) in expected)
        {
            var response = responses[status]!;
            Assert.Equal([Problem], response["content"]!.AsObject().Select(c => c.Key));
            var schema = response["content"]![Problem]!["schema"]!;
            Assert.Equal(codes, ErrorCodes(document, schema));
            Assert.Equal(["detail", "error", "status", "title", "type"], Resolve(document, schema["allOf"]![0]!)["required"]!.AsArray().Select(r => (string)r!).Order());
            // The sample's rate-limit transformer adds its code to the schema of a 429 the endpoint already has, not to its description.
            var own = Problems[$"{method} {path}"].TryGetValue(status, out var declared) ? declared : codes;
            Assert.All(own, code => Assert.Contains($"`{code}`", (string)response["description"]!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_deletes_answer_204_with_no_body()
    {
        var document = await DocumentAsync();
        foreach (var path in new[] { "/auth/web3/session", "/auth/web3/session/permissions/{name}", "/auth/web3/sessions", "/auth/web3/sessions/{id}" })
        {
            var responses = Operation(document, "delete", path)["responses"]!.AsObject();
            Assert.Null(responses["200"]);
            Assert.Null(responses["204"]!["content"]);
        }
    }

    [Fact]
    public async Task The_posts_describe_their_json_bodies()
    {
        var document = await DocumentAsync();

        var challenge = RequestSchema(document, "/auth/web3/challenge");
        Assert.Equal(["address", "chainId", "permissions", "lifetime", "renew", "sessionKey"], Members(challenge));
        Assert.Null(challenge["required"]); // every member is optional
        Assert.False(string.IsNullOrEmpty((string?)challenge["properties"]!["sessionKey"]!["description"])); // a JWK: any JSON, described

        var signIn = RequestSchema(document, "/auth/web3/session");
        Assert.Equal(["message", "signature"], Members(signIn));
    }

    [Fact]
    public async Task The_answers_schemas_name_what_the_endpoints_send()
    {
        var document = await DocumentAsync();

        var session = AnswerSchema(document, "post", "/auth/web3/session");
        Assert.Equal(SessionMembers, Members(session));
        // token, tokenType and sessionKey are left out of answers that have none.
        Assert.Equal(["address", "chainId", "expiresAt", "permissions", "sessionId"], session["required"]!.AsArray().Select(r => (string)r!).Order());
        Assert.Equal(session.ToJsonString(), AnswerSchema(document, "get", "/auth/web3/session").ToJsonString());
        Assert.Equal(["message", "nonce", "expiresAt", "sessionExpiresAt", "permissions"], Members(AnswerSchema(document, "post", "/auth/web3/challenge")));

        var list = AnswerSchema(document, "get", "/auth/web3/sessions");
        Assert.Equal("array", (string?)list["type"]);
        Assert.Equal(SummaryMembers, Members(Resolve(document, list["items"]!)));
        Assert.Equal(["after", "limit"], Operation(document, "get", "/auth/web3/sessions")["parameters"]!.AsArray()
            .Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).Order());
    }

    [Fact]
    public async Task A_real_sign_in_sends_only_members_the_document_names()
    {
        var document = await DocumentAsync();
        using var http = _site.CreateApiClient();
        var wallet = TestWallet.FromSeed(6501);

        var challenge = await http.PostAsJsonAsync("/auth/web3/challenge", new { address = wallet.Address.ToString(), permissions = new[] { "profile/read" } });
        var issued = await BearerClient.ReadObjectAsync(challenge);
        Assert.Equal(Members(AnswerSchema(document, "post", "/auth/web3/challenge")), issued.Select(m => m.Key));
        var message = (string)issued["message"]!;
        var session = await BearerClient.ReadObjectAsync(await http.PostAsJsonAsync("/auth/web3/session", new { message, signature = wallet.SignPersonalMessage(message) }));

        // A bearer session: every member but sessionKey, in the document's order.
        Assert.Equal(SessionMembers.Where(m => m != "sessionKey"), session.Select(m => m.Key));
        var client = new BearerClient(http, (string)session["token"]!);
        var listed = JsonNode.Parse(await (await client.GetAsync("/auth/web3/sessions")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(SummaryMembers.Where(m => m != "sessionKey"), Assert.Single(listed)!.AsObject().Select(m => m.Key));
    }

    [Fact]
    public async Task The_document_names_the_three_credentials_and_which_endpoints_need_one()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal(("http", "bearer"), ((string?)schemes["Bearer"]!["type"], (string?)schemes["Bearer"]!["scheme"]));
        Assert.Equal(("http", "DPoP"), ((string?)schemes["DPoP"]!["type"], (string?)schemes["DPoP"]!["scheme"]));
        Assert.Contains("DPoP header", (string)schemes["DPoP"]!["description"]!, StringComparison.Ordinal);
        Assert.Equal(("apiKey", "cookie", "__Host-web3-session"),
            ((string?)schemes["Cookie"]!["type"], (string?)schemes["Cookie"]!["in"], (string?)schemes["Cookie"]!["name"]));

        Assert.Equal(SessionOptional, Security(Operation(document, "post", "/auth/web3/challenge"))); // only a renewal needs one
        Assert.Null(Operation(document, "post", "/auth/web3/session")["security"]); // the signed message is the credential
        foreach (var (method, path) in new[]
                 {
                     ("get", "/auth/web3/session"), ("delete", "/auth/web3/session"), ("delete", "/auth/web3/session/permissions/{name}"),
                     ("get", "/auth/web3/sessions"), ("delete", "/auth/web3/sessions"), ("delete", "/auth/web3/sessions/{id}"),
                     ("get", "/api/profile"), ("post", "/api/notes"),
                 })
        {
            Assert.Equal(SessionRequired, Security(Operation(document, method, path)));
        }
    }

    [Fact]
    public async Task The_catch_alls_of_the_prefix_are_not_operations()
    {
        var document = await DocumentAsync();

        Assert.Equal(["post"], document["paths"]!["/auth/web3/challenge"]!.AsObject().Select(o => o.Key));
        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.Contains('*', StringComparison.Ordinal) || p.Key.Contains("{path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scalar_shows_the_document_in_development_only()
    {
        using var development = new SampleSite { EnvironmentName = "Development" };
        development.Start();
        using var http = development.CreateApiClient();

        var page = await http.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        // Its policy admits its inline script by nonce, and nothing from another origin.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = policy.Split(' ').Single(p => p.StartsWith("'nonce-", StringComparison.Ordinal)).TrimEnd(';')[7..^1];
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.Equal(SampleOpenApi.ScalarContentSecurityPolicy(nonce), policy);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar/scalar.js")).StatusCode); // shipped in the package, no CDN
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, (await http.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single());

        using var production = _site.CreateApiClient();
        Assert.Equal(HttpStatusCode.NotFound, (await production.GetAsync("/scalar/")).StatusCode);
    }

    private static JsonObject Operation(JsonObject document, string method, string path)
    {
        var item = document["paths"]![path] ?? throw new Xunit.Sdk.XunitException($"{path} is not in the document.");
        return item[method]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the document.");
    }

    private static JsonObject Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"] is { } reference
            ? document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!.AsObject()
            : schema.AsObject();

    private static JsonObject RequestSchema(JsonObject document, string path)
    {
        var body = Operation(document, "post", path)["requestBody"]!;
        Assert.True((bool?)body["required"]);
        return Resolve(document, Assert.Single(body["content"]!.AsObject(), c => c.Key == "application/json").Value!["schema"]!);
    }

    private static JsonObject AnswerSchema(JsonObject document, string method, string path)
    {
        var content = Operation(document, method, path)["responses"]!["200"]!["content"]!.AsObject();
        return Resolve(document, Assert.Single(content, c => c.Key == "application/json").Value!["schema"]!);
    }

    private static string[] Members(JsonObject schema) => schema["properties"]!.AsObject().Select(p => p.Key).ToArray();

    // The problem schema with `error` narrowed to the codes: allOf [problem, { properties: { error: { enum } } }].
    private static string[] ErrorCodes(JsonObject document, JsonNode schema)
    {
        var parts = schema["allOf"]!.AsArray();
        Assert.Equal("Web3Problem", ((string)parts[0]!["$ref"]!).Split('/')[^1]);
        Assert.Equal(JsonValueKind.Object, Resolve(document, parts[0]!)["properties"]!["error"]!.GetValueKind());
        return parts[1]!["properties"]!["error"]!["enum"]!.AsArray().Select(c => (string)c!).ToArray();
    }

    private static string[][] Security(JsonObject operation) =>
        operation["security"]!.AsArray().Select(r => r!.AsObject().Select(s => s.Key).ToArray()).ToArray();
}
