using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.Client.Tests;

/// <summary>What the site's 401, 403 and 503 answers become.</summary>
public class RefusalTests
{
    [Fact]
    public async Task A_revoked_session_is_a_Web3SessionEndedException_and_the_next_request_signs_in_again()
    {
        using var site = new Site();
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        // Sign out everywhere: every session of the address ends, this one with it.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/sessions")).StatusCode);
        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));

        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        Assert.Equal("invalid_token", ended.Error);
        Assert.Contains("revoked", ended.Detail, StringComparison.Ordinal);
        Assert.Null(site.Session.Current);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(2, site.Signer.Count);
    }

    [Fact]
    public async Task A_session_revoked_on_the_server_is_ended_for_the_client_too()
    {
        using var site = new Site();
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        var sessionId = site.Session.Current!.Token.Split('.')[0];

        await site.ServerServices.GetRequiredService<AspNetCore.IWeb3SessionStore>().RemoveSessionAsync(
            new AspNetCore.Web3SessionOwner("Web3", site.Signer.Address), sessionId, site.Time.GetUtcNow(), default);

        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => http.GetAsync("/api/me"));
        Assert.Equal("invalid_token", ended.Error);
    }

    [Fact]
    public async Task Signing_out_through_the_client_forgets_the_session()
    {
        using var site = new Site();
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session")).StatusCode);

        Assert.Null(site.Session.Current);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(2, site.Signer.Count);
    }

    [Fact]
    public async Task A_missing_permission_is_a_Web3PermissionDeniedException_naming_it()
    {
        using var site = new Site(o => o.Permissions = ["profile/read"]);
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/profile")).StatusCode);

        var denied = await Assert.ThrowsAsync<Web3PermissionDeniedException>(() => http.PutAsync("/api/profile", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("insufficient_scope", denied.Error);
        Assert.Equal(["profile/write"], denied.MissingPermissions);
        Assert.Equal("profile/write", denied.Permission);
        Assert.Contains("profile/write", denied.Message, StringComparison.Ordinal);
        // Not the session's end: it carries on.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/profile")).StatusCode);
    }

    [Fact]
    public async Task A_store_outage_is_a_Web3ServiceUnavailableException_with_retry_after_and_the_session_survives_it()
    {
        var cache = new ThrowingCache();
        using var site = new Site(serverServices: s => s.AddSingleton<IDistributedCache>(cache));
        using var http = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        var token = site.Session.Current!.Token;

        cache.Down = true;
        var outage = await Assert.ThrowsAsync<Web3ServiceUnavailableException>(() => http.GetAsync("/api/me"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, outage.StatusCode);
        Assert.Equal("store_unavailable", outage.Error);
        Assert.Equal(TimeSpan.FromSeconds(5), outage.RetryAfter);
        Assert.Equal(token, site.Session.Current!.Token);

        cache.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(1, site.Signer.Count);
    }

    [Fact]
    public async Task A_sign_in_during_an_outage_is_a_Web3ServiceUnavailableException()
    {
        var cache = new ThrowingCache { Down = true };
        using var site = new Site(serverServices: s => s.AddSingleton<IDistributedCache>(cache));
        using var http = site.CreateClient();

        var outage = await Assert.ThrowsAsync<Web3ServiceUnavailableException>(() => http.GetAsync("/api/me"));

        Assert.Equal("store_unavailable", outage.Error);
        Assert.NotNull(outage.RetryAfter);
        cache.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
    }
}
