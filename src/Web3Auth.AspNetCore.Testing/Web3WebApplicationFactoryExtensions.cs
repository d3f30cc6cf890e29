using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Client;

namespace Web3Auth.AspNetCore.Testing;

/// <summary>
/// Signs test clients in to an app under test through its real endpoints (<c>POST {endpoint}challenge</c>, the
/// wallet's signature, <c>POST {endpoint}session</c>), exactly as a user's client would.
/// </summary>
public static class Web3WebApplicationFactoryExtensions
{
    /// <summary>
    /// An <see cref="HttpClient"/> for the app under test, already signed in as <paramref name="wallet"/> (a fresh test
    /// wallet when <see langword="null"/>) with <paramref name="permissions"/> (the app's defaults when
    /// <see langword="null"/>). Key-bound (the default): the session is bound to a P-256 key the client holds, and every
    /// request carries a DPoP proof, through <c>Web3Auth.Client</c>, on the app's <see cref="TimeProvider"/>. Otherwise
    /// a bearer session: <c>Authorization: Bearer</c> on every request.
    /// </summary>
    /// <param name="factory">The app under test.</param>
    /// <param name="permissions">The permissions to ask for.</param>
    /// <param name="keyBound">Whether the session is key-bound (DPoP) rather than a bearer token.</param>
    /// <param name="wallet">Who signs in; see <see cref="Web3TestWallets"/>.</param>
    /// <param name="endpoint">Where the app mapped <c>MapWeb3SessionKeys()</c>; default <c>/auth/web3/</c>.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    /// <returns>The signed-in client.</returns>
    /// <exception cref="Web3RequestException">The app refused the sign-in (the exception carries its error code).</exception>
    public static async Task<HttpClient> CreateWeb3ClientAsync<TEntryPoint>(
        this WebApplicationFactory<TEntryPoint> factory, IEnumerable<string>? permissions = null, bool keyBound = true,
        IWeb3RootSigner? wallet = null, string endpoint = "/auth/web3/", CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        wallet ??= Web3PrivateKeySigner.Generate();
        var requested = permissions?.ToList();
        var client = keyBound ? KeyBoundClient(factory, wallet, requested, endpoint) : factory.CreateClient();
        if (keyBound)
        {
            // The first request signs in; make it now, so a refused sign-in fails here and not in the test's first call.
            using var session = await client.GetAsync(endpoint + "session", cancellationToken).ConfigureAwait(false);
            session.EnsureSuccessStatusCode();
        }
        else
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                await SignInForBearerTokenAsync(client, wallet, requested, endpoint, cancellationToken).ConfigureAwait(false));
        }

        return client;
    }

    /// <summary>
    /// The app under test with <paramref name="clock"/> as its one clock (the <see cref="TimeProvider"/> service): move
    /// it forward to expire sessions, permissions and sign-in messages without waiting. Clients made by
    /// <see cref="CreateWeb3ClientAsync"/> from the returned factory make their proofs on the same clock.
    /// </summary>
    public static WebApplicationFactory<TEntryPoint> WithWeb3Clock<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TimeProvider clock)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(clock);
        return factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(clock)));
    }

    // Web3Auth.Client over the in-memory test server, on the app's clock: the proofs' iat is the app's now.
    private static HttpClient KeyBoundClient<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, IWeb3RootSigner wallet, List<string>? permissions, string endpoint)
        where TEntryPoint : class
    {
        var services = new ServiceCollection();
        services.AddSingleton(factory.Services.GetService<TimeProvider>() ?? TimeProvider.System);
        services.AddHttpClient(nameof(Web3WebApplicationFactoryExtensions), http => http.BaseAddress = factory.Server.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => factory.Server.CreateHandler())
            // The test server's handler lives as long as the factory; never recycle the chain (and its session) under a test.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddWeb3SessionKey(o =>
            {
                o.RootSigner = wallet;
                o.Permissions = permissions;
                o.Endpoint = new Uri(factory.Server.BaseAddress, endpoint);
            });
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(nameof(Web3WebApplicationFactoryExtensions));
    }

    private static async Task<string> SignInForBearerTokenAsync(HttpClient client, IWeb3RootSigner wallet, List<string>? permissions, string endpoint, CancellationToken cancellationToken)
    {
        using var challenge = await client.PostAsJsonAsync(endpoint + "challenge", new { address = wallet.Address.ToString(), permissions }, cancellationToken).ConfigureAwait(false);
        var message = (await ReadAsync(challenge, cancellationToken).ConfigureAwait(false)).GetProperty("message").GetString()!;
        var signature = await wallet.SignPersonalMessageAsync(message, cancellationToken).ConfigureAwait(false);
        using var session = await client.PostAsJsonAsync(endpoint + "session", new { message, signature }, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(session, cancellationToken).ConfigureAwait(false)).GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException(
                $"The app refused the test sign-in: {(int)response.StatusCode} {(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? e.GetString() : null)}",
                null, response.StatusCode);
        }

        return body;
    }
}
