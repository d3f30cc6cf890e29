using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>
/// A plain <see cref="WebApplication"/> on <see cref="TestServer"/> with one Web3 scheme as the default, built per test:
/// the test owns the whole pipeline (schemes, services, endpoints), unlike the shared test app. Its one clock is the
/// <see cref="TimeProvider"/> service, <see cref="Time"/>; no configuration file or environment variable reaches it.
/// </summary>
public sealed class Web3HandlerHost : IAsyncDisposable
{
    /// <summary>A token of the right shape for no session: the scheme takes it (and fails it), unlike a foreign token.</summary>
    public const string UnknownToken = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>Allowed without a token; answers what <c>AuthenticateAsync(scheme)</c> gave.</summary>
    public const string AuthenticatePath = "/test/authenticate";

    /// <summary>Needs a signed-in user of the scheme; answers the user's claims.</summary>
    public const string ClaimsPath = "/test/claims";

    /// <summary>Needs the <c>profile/write</c> permission: a session without it is forbidden with <c>insufficient_scope</c>.</summary>
    public const string WritePath = "/test/write";

    /// <summary>Needs the role <c>admin</c>, which no session has: forbidden without missing permissions.</summary>
    public const string AdminPath = "/test/admin";

    private readonly List<IServiceScope> _scopes = [];

    private Web3HandlerHost(WebApplication app, string scheme, string prefix, ManualTimeProvider time)
    {
        App = app;
        Scheme = scheme;
        Prefix = prefix;
        Time = time;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string Scheme { get; }

    public string Prefix { get; }

    public ManualTimeProvider Time { get; }

    /// <summary>The scheme's options, the very instance its handler and events see.</summary>
    public Web3SessionKeyOptions Options => App.Services.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(Scheme);

    /// <summary>
    /// Starts a host. <paramref name="addScheme"/> registers the Web3 scheme named <paramref name="scheme"/>;
    /// <paramref name="mapSessionEndpoints"/> maps its sign-in endpoints under <paramref name="prefix"/>.
    /// </summary>
    public static async Task<Web3HandlerHost> StartAsync(
        string scheme,
        string prefix,
        Action<AuthenticationBuilder> addScheme,
        Action<WebApplication> mapSessionEndpoints,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        // Hermetic: the test app's appsettings.json sits in the output folder and would configure the Web3 scheme.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();

        var time = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthorization();
        addScheme(builder.Services.AddAuthentication(scheme));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        mapSessionEndpoints(app);
        MapTestEndpoints(app, scheme);
        endpoints?.Invoke(app);

        await app.StartAsync();
        return new Web3HandlerHost(app, scheme, prefix, time);
    }

    private static void MapTestEndpoints(WebApplication app, string scheme)
    {
        app.MapGet(AuthenticatePath, async (HttpContext context) =>
        {
            var result = await context.AuthenticateAsync(scheme);
            string? error = null;
            result.Properties?.Items.TryGetValue(Web3SessionKeyHandler.ErrorItem, out error);
            return Results.Json(new
            {
                succeeded = result.Succeeded,
                none = result.None,
                failure = result.Failure?.Message,
                error,
                subject = result.Principal?.FindFirstValue(Web3ClaimTypes.Subject),
                name = result.Principal?.Identity?.Name,
                session = context.GetWeb3Session()?.Id,
            });
        }).AllowAnonymous();

        var signedIn = new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser();
        app.MapGet(ClaimsPath, (ClaimsPrincipal user) => Results.Json(
                user.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Select(c => c.Value).ToArray())))
            .RequireAuthorization(signedIn.Build());
        app.MapGet(WritePath, () => Results.Ok())
            .RequireAuthorization(new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().AddRequirements(new Web3PermissionRequirement(["profile/write"])).Build());
        app.MapGet(AdminPath, () => Results.Ok())
            .RequireAuthorization(new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().RequireRole("admin").Build());
    }

    /// <summary>A request context on the host's services, for calling the authentication service directly.</summary>
    public HttpContext CreateContext()
    {
        var scope = App.Services.CreateScope();
        _scopes.Add(scope);
        return new DefaultHttpContext { RequestServices = scope.ServiceProvider };
    }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string? token = null, object? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Get, path, token, headers: headers);

    /// <summary>GET <see cref="AuthenticatePath"/>: what the scheme's authentication gave for <paramref name="token"/>.</summary>
    public async Task<JsonObject> AuthenticateAsync(string? token = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await GetAsync(AuthenticatePath, token, headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadObjectAsync(response);
    }

    /// <summary>POST {prefix}/challenge: the sign-in message for the wallet to sign.</summary>
    public async Task<string> ChallengeAsync(TestWallet wallet, string[]? permissions = null, string? renewToken = null)
    {
        var response = await SendAsync(HttpMethod.Post, Prefix + "/challenge",
            renewToken, new { address = wallet.Address.ToString(), chainId = 1, permissions, renew = renewToken is not null });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await ReadObjectAsync(response))["message"]!;
    }

    /// <summary>POST {prefix}/session with the message signed by <paramref name="wallet"/>.</summary>
    public Task<HttpResponseMessage> SubmitAsync(TestWallet wallet, string message) =>
        SendAsync(HttpMethod.Post, Prefix + "/session", body: new { message, signature = wallet.SignPersonalMessage(message) });

    /// <summary>Signs in through the HTTP endpoints, as a browser client would, and returns the session response.</summary>
    public async Task<JsonObject> SignInAsync(TestWallet wallet, string[]? permissions = null, string? renewToken = null)
    {
        var response = await SubmitAsync(wallet, await ChallengeAsync(wallet, permissions, renewToken));
        var body = await ReadObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task<string> SignInTokenAsync(TestWallet wallet, string[]? permissions = null) =>
        (string)(await SignInAsync(wallet, permissions))["token"]!;

    /// <summary>Signs out of the session of <paramref name="token"/> (DELETE {prefix}/session): the token is then revoked.</summary>
    public async Task SignOutAsync(string token) =>
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, Prefix + "/session", token)).StatusCode);

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
