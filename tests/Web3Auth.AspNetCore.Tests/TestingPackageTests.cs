using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Web3Auth.AspNetCore.Testing;
using Web3Auth.Client;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>Web3Auth.AspNetCore.Testing, used as an app's own tests would: sign in through the real endpoints.</summary>
public class TestingPackageTests
{
    [Fact]
    public async Task A_key_bound_test_client_is_signed_in_and_proves_its_key_on_every_request()
    {
        using var app = new Web3AppFactory();
        using var client = await app.CreateWeb3ClientAsync(["profile/read"], wallet: Web3TestWallets.FromSeed(1));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/auth/web3/session");
        Assert.StartsWith("did:key:zDn", session.GetProperty("sessionKey").GetString(), StringComparison.Ordinal);
        Assert.Equal(Web3TestWallets.FromSeed(1).Address.ToString(), session.GetProperty("address").GetString());
    }

    [Fact]
    public async Task A_bearer_test_client_is_signed_in_with_the_permissions_asked_for()
    {
        using var app = new Web3AppFactory();
        using var client = await app.CreateWeb3ClientAsync(["notes/read"], keyBound: false);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/profile")).StatusCode);
        var session = await client.GetFromJsonAsync<JsonElement>("/auth/web3/session");
        Assert.False(session.TryGetProperty("sessionKey", out _));
    }

    [Fact]
    public async Task The_apps_clock_set_with_WithWeb3Clock_ends_the_session_and_drives_the_clients_proofs()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(3)); // far from the real time: proofs must use it
        await using var app = new WebApplicationFactory<Program>().WithWeb3Clock(clock);
        using var keyBound = await app.CreateWeb3ClientAsync(["profile/read"]);
        using var bearer = await app.CreateWeb3ClientAsync(["profile/read"], keyBound: false);
        Assert.Equal(HttpStatusCode.OK, (await keyBound.GetAsync("/api/profile")).StatusCode);
        var first = (await keyBound.GetFromJsonAsync<JsonElement>("/auth/web3/session")).GetProperty("sessionId").GetString();

        clock.Advance(TimeSpan.FromHours(2)); // past the default one-hour session
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/profile")).StatusCode);
        // The key-bound client holds a signer: it sees the end on the same clock and signs in again.
        Assert.Equal(HttpStatusCode.OK, (await keyBound.GetAsync("/api/profile")).StatusCode);
        Assert.NotEqual(first, (await keyBound.GetFromJsonAsync<JsonElement>("/auth/web3/session")).GetProperty("sessionId").GetString());
    }

    [Fact]
    public void A_test_wallet_is_the_same_for_the_same_seed_and_differs_between_seeds()
    {
        Assert.Equal(Web3TestWallets.FromSeed(7).Address, Web3TestWallets.FromSeed(7).Address);
        Assert.NotEqual(Web3TestWallets.FromSeed(7).Address, Web3TestWallets.FromSeed(8).Address);
    }

    [Fact]
    public async Task A_sign_in_the_app_refuses_fails_where_the_client_is_made()
    {
        using var app = new Web3AppFactory();
        var keyBound = await Assert.ThrowsAsync<Web3RequestException>(() => app.CreateWeb3ClientAsync(["no/such"]));
        Assert.Equal(Web3ErrorCodes.UnknownPermission, keyBound.Error);
        var bearer = await Assert.ThrowsAsync<HttpRequestException>(() => app.CreateWeb3ClientAsync(["no/such"], keyBound: false));
        Assert.Contains(Web3ErrorCodes.UnknownPermission, bearer.Message, StringComparison.Ordinal);
    }
}
