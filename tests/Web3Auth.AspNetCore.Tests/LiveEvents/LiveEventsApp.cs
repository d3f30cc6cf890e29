using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The test app with a fake clock whose timers fire when a test advances it (lapses, expiry, heartbeats), and the
/// three ways a client authenticates an events request: the session cookie, a bearer token, a DPoP-bound token.
/// </summary>
public sealed class LiveEventsApp : IDisposable
{
    public LiveEventsApp(Action<Web3SessionKeyOptions>? configure = null)
    {
        Factory = new Web3AppFactory
        {
            ConfigureOptions = o =>
            {
                o.UseSessionCookie = true;
                configure?.Invoke(o);
            },
            ConfigureServices = services => services.AddSingleton<TimeProvider>(Time),
        };
        Client = Factory.CreateWeb3Client();
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Web3AppFactory Factory { get; }

    public Web3TestClient Client { get; }

    internal LiveEventHub Hub => Factory.Services.GetRequiredService<LiveEventHub>();

    /// <summary>Signs in over <paramref name="transport"/> (cookie, bearer or dpop).</summary>
    public async Task<Caller> SignInAsync(string transport, TestWallet wallet, string[]? permissions = null)
    {
        if (transport == "dpop")
        {
            var key = DpopTestKey.P256();
            var bound = await Client.SignInKeyBoundAsync(wallet, key, permissions);
            return new Caller(this, transport, (string)bound["token"]!, (string)bound["sessionId"]!, null, key);
        }

        var challenge = await Client.ChallengeAsync(wallet, permissions);
        var message = (string)challenge["message"]!;
        var response = await Client.SubmitAsync(message, wallet.SignPersonalMessage(message));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Web3TestClient.ReadObjectAsync(response);
        var cookie = transport == "cookie" ? Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0] : null;
        return new Caller(this, transport, (string)body["token"]!, (string)body["sessionId"]!, cookie, null);
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    /// <summary>One signed-in client: opens streams and makes changes with its own credentials.</summary>
    public sealed record Caller(LiveEventsApp App, string Transport, string Token, string SessionId, string? Cookie, DpopTestKey? Key)
    {
        public void Authorize(HttpRequestMessage request)
        {
            switch (Transport)
            {
                case "cookie":
                    request.Headers.Add("Cookie", Cookie);
                    break;
                case "dpop":
                    request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", Token);
                    request.Headers.Add("DPoP", Key!.Proof(request.Method.Method, "http://localhost" + request.RequestUri!.OriginalString.Split('?')[0], Token, App.Time.GetUtcNow()));
                    break;
                default:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                    break;
            }
        }

        public Task<EventStreamReader> OpenAsync(string path = "/auth/web3/session/events", string? lastEventId = null) =>
            EventStreamReader.OpenAsync(App.Client.Http, path, Authorize, lastEventId);

        /// <summary>A change with this caller's token (bearer or DPoP: the cookie needs a same-origin browser request).</summary>
        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
        {
            var response = Key is null
                ? await App.Client.SendAsync(method, path, Token)
                : await App.Client.SendDpopAsync(method, path, Token, Key, App.Time.GetUtcNow());
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response;
        }
    }
}
