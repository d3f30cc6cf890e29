using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// A session belongs to the scheme that minted it: two schemes in one app — a public "Web3" and an "Admin" whose
/// OnSessionCreating lets one address in (the allow-list docs/security.md suggests) — never accept each other's tokens.
/// </summary>
public sealed class SchemeBindingTests : IAsyncLifetime
{
    private static readonly TestWallet Administrator = TestWallet.FromSeed(950);
    private static readonly TestWallet Visitor = TestWallet.FromSeed(951);

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthentication("Web3")
            .AddWeb3SessionKeys("Web3", o => o.Permissions.Add("profile/read", "Read your profile"))
            .AddWeb3SessionKeys("Admin", o =>
            {
                o.Permissions.Add("admin/manage", "Manage the site");
                o.Events.OnSessionCreating = c =>
                {
                    if (c.Address != Administrator.Address)
                    {
                        c.Refuse("Only the administrator signs in here.");
                    }

                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy("Admin", p => p.AddAuthenticationSchemes("Admin").RequireAuthenticatedUser());
            o.AddPolicy("Visitor", p => p.AddAuthenticationSchemes("Web3").RequireAuthenticatedUser());
        });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapWeb3SessionKeys("/auth/web3", "Web3");
        _app.MapWeb3SessionKeys("/auth/admin", "Admin");
        _app.MapGet("/admin", () => "admin").RequireAuthorization("Admin");
        _app.MapGet("/visitor", (HttpContext c) => c.GetWeb3Session()!.Scheme).RequireAuthorization("Visitor");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SignInAsync(string prefix, TestWallet wallet, string[] permissions)
    {
        var challenge = await _client.PostAsJsonAsync(prefix + "/challenge", new { address = wallet.Address.ToString(), permissions });
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;
        return await _client.PostAsJsonAsync(prefix + "/session", new { message, signature = wallet.SignPersonalMessage(message) });
    }

    private async Task<string> TokenAsync(string prefix, TestWallet wallet, string[] permissions)
    {
        var response = await SignInAsync(prefix, wallet, permissions);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await Web3TestClient.ReadObjectAsync(response))["token"]!;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_user_the_admin_scheme_refused_cannot_use_a_public_session_on_admin_endpoints()
    {
        await Web3TestClient.AssertProblemAsync(await SignInAsync("/auth/admin", Visitor, ["admin/manage"]), HttpStatusCode.Forbidden, Web3ErrorCodes.LoginRefused);
        var publicToken = await TokenAsync("/auth/web3", Visitor, ["profile/read"]);

        await Web3TestClient.AssertProblemAsync(await GetAsync("/admin", publicToken), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await Web3TestClient.AssertProblemAsync(await GetAsync("/auth/admin/session", publicToken), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/visitor", publicToken)).StatusCode);
    }

    [Fact]
    public async Task An_admin_session_does_not_pass_the_public_scheme_with_a_permission_it_does_not_offer()
    {
        var adminToken = await TokenAsync("/auth/admin", Administrator, ["admin/manage"]);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/admin", adminToken)).StatusCode);

        await Web3TestClient.AssertProblemAsync(await GetAsync("/visitor", adminToken), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await Web3TestClient.AssertProblemAsync(await GetAsync("/auth/web3/sessions", adminToken), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }

    [Fact]
    public async Task A_sign_in_message_of_one_scheme_is_refused_by_the_other()
    {
        var challenge = await _client.PostAsJsonAsync("/auth/web3/challenge", new { address = Administrator.Address.ToString() });
        var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;

        var response = await _client.PostAsJsonAsync("/auth/admin/session", new { message, signature = Administrator.SignPersonalMessage(message) });

        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidNonce);
    }

    [Fact]
    public async Task Revoking_everything_in_one_scheme_leaves_the_other_schemes_sessions_alone()
    {
        var adminToken = await TokenAsync("/auth/admin", Administrator, ["admin/manage"]);
        var publicToken = await TokenAsync("/auth/web3", Administrator, ["profile/read"]);

        var request = new HttpRequestMessage(HttpMethod.Delete, "/auth/web3/sessions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", publicToken);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(request)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/admin", adminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/visitor", publicToken)).StatusCode);
    }

    [Fact]
    public async Task A_key_bound_session_with_a_valid_proof_is_refused_by_the_other_scheme()
    {
        using var key = DpopTestKey.P256();
        var challenge = await _client.PostAsJsonAsync("/auth/admin/challenge", new { address = Administrator.Address.ToString(), sessionKey = key.Jwk });
        var message = (string)(await Web3TestClient.ReadObjectAsync(challenge))["message"]!;
        var signedIn = await _client.PostAsJsonAsync("/auth/admin/session", new { message, signature = Administrator.SignPersonalMessage(message) });
        var token = (string)(await Web3TestClient.ReadObjectAsync(signedIn))["token"]!;

        Task<HttpResponseMessage> SendAsync(string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
            request.Headers.Add("DPoP", key.Proof("GET", "http://localhost" + path, token, DateTimeOffset.UtcNow));
            return _client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/admin")).StatusCode);
        await Web3TestClient.AssertProblemAsync(await SendAsync("/visitor"), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await Web3TestClient.AssertProblemAsync(await SendAsync("/auth/web3/session"), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
    }
}
