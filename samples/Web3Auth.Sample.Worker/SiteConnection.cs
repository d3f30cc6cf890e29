using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Web3Auth.Client;

namespace Web3Auth.Sample.Worker;

/// <summary>
/// The worker's own calls to the site, with the worker secret: publish the public key (<c>PUT /api/worker/key</c>) and
/// collect what users signed for it (<c>GET /api/worker/delegation</c>). Nothing here acts for a user.
/// </summary>
internal sealed class SiteConnection(IHttpClientFactory clients, IOptions<WorkerSettings> settings)
{
    /// <summary>The named HttpClient of the site: base address, User-Agent, and the primary handler acting sessions reuse.</summary>
    public const string ClientName = "site";

    /// <summary>What the worker says it is; the site lists it as the client of the sessions it opens.</summary>
    public static readonly ProductInfoHeaderValue UserAgent = new("Web3Auth.Sample.Worker", "0.1");

    /// <summary>Publishes the worker's public key. False when the site refused the secret.</summary>
    public async Task<bool> PublishKeyAsync(Web3SessionKey key, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, "/api/worker/key");
        request.Content = JsonContent.Create(new { sessionKey = JsonDocument.Parse(key.PublicJwk).RootElement });
        using var response = await Http().SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>The next delegation a user handed over, or null; throws <see cref="NotRegisteredException"/> when the site lost the key (it restarted).</summary>
    public async Task<Delegation?> CollectAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/api/worker/delegation");
        using var response = await Http().SendAsync(request, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NoContent:
                return null;
            case HttpStatusCode.Conflict:
                throw new NotRegisteredException();
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Delegation>(cancellationToken);
    }

    private HttpClient Http() => clients.CreateClient(ClientName);

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("WorkerSecret", settings.Value.Secret);
        return request;
    }

    /// <summary>The site has no key of this worker: publish it again.</summary>
    public sealed class NotRegisteredException : Exception;
}

/// <summary>A sign-in message a user's wallet signed for the worker's key, as the site hands it over.</summary>
internal sealed record Delegation(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("signature")] string Signature);
