using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Web3Auth.AspNetCore.Tests.Handler;

// The events of authentication, in the order they run: MessageReceived, then SessionValidated or AuthenticationFailed.
public abstract partial class SharedWeb3HandlerTests
{
    // An event's own success: ResultContext.Success() makes the ticket of Principal (and Properties).
    private void SucceedAs<TOptions>(ResultContext<TOptions> context, string name)
        where TOptions : AuthenticationSchemeOptions
    {
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName));
        context.Success();
    }

    // --- MessageReceived ---

    [Fact]
    public async Task MessageReceived_runs_once_per_request_before_the_token_is_read()
    {
        var seen = new List<(string Path, string Scheme, Web3SessionKeyOptions Options, string? Token)>();
        await using var host = await StartAsync(o => o.Events.OnMessageReceived = c =>
        {
            seen.Add((c.Request.Path, c.Scheme.Name, c.Options, c.Token));
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);

        // The middleware and the endpoint both authenticate: the handler runs once per request.
        await host.AuthenticateAsync(token);

        var received = Assert.Single(seen, s => s.Path == Web3HandlerHost.AuthenticatePath);
        Assert.Equal(SchemeName, received.Scheme);
        Assert.Same(host.Options, received.Options);
        Assert.Null(received.Token);
    }

    [Fact]
    public async Task MessageReceived_can_supply_the_token_which_wins_over_the_header()
    {
        await using var host = await StartAsync(o => o.Events.OnMessageReceived = c =>
        {
            c.Token = c.Request.Headers["X-Session"];
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);

        var result = await host.AuthenticateAsync("not-a-token", new Dictionary<string, string> { ["X-Session"] = token });

        Assert.True((bool)result["succeeded"]!);
    }

    [Fact]
    public async Task MessageReceived_setting_a_success_result_skips_the_token_and_the_later_events()
    {
        var later = new List<string>();
        await using var host = await StartAsync(o =>
        {
            o.Events.OnMessageReceived = c =>
            {
                SucceedAs(c, "from-the-event");
                return Task.CompletedTask;
            };
            o.Events.OnSessionValidated = _ => Record(later, "SessionValidated");
            o.Events.OnAuthenticationFailed = _ => Record(later, "AuthenticationFailed");
        });

        var withoutToken = await host.AuthenticateAsync();
        var withBadToken = await host.AuthenticateAsync("not-a-token");

        Assert.True((bool)withoutToken["succeeded"]!);
        Assert.Equal("from-the-event", (string?)withoutToken["name"]);
        Assert.True((bool)withBadToken["succeeded"]!);
        Assert.Empty(later);
    }

    [Fact]
    public async Task MessageReceived_setting_a_failure_or_no_result_ends_authentication_there()
    {
        var failed = new List<string>();
        await using var host = await StartAsync(o =>
        {
            o.Events.OnMessageReceived = c =>
            {
                if (c.Request.Headers.ContainsKey("X-Block"))
                {
                    c.Fail("Blocked by the application.");
                }
                else
                {
                    c.NoResult();
                }

                return Task.CompletedTask;
            };
            o.Events.OnAuthenticationFailed = _ => Record(failed, "AuthenticationFailed");
        });
        var token = await host.SignInTokenAsync(Wallet);

        var blocked = await host.AuthenticateAsync(token, new Dictionary<string, string> { ["X-Block"] = "1" });
        var ignored = await host.AuthenticateAsync(token);

        Assert.Equal("Blocked by the application.", (string?)blocked["failure"]);
        Assert.True((bool)ignored["none"]!);
        Assert.Null((string?)ignored["session"]);
        Assert.Empty(failed);
    }

    // --- SessionValidated ---

    [Fact]
    public async Task SessionValidated_gets_the_session_and_the_principal_built_from_it()
    {
        (Web3Session Session, ClaimsPrincipal Principal, string Scheme)? seen = null;
        await using var host = await StartAsync(o => o.Events.OnSessionValidated = c =>
        {
            seen = (c.Session, c.SessionPrincipal, c.Scheme.Name);
            return Task.CompletedTask;
        });
        var session = await host.SignInAsync(Wallet, ["profile/read", "profile/write"]);

        await host.AuthenticateAsync((string)session["token"]!);

        Assert.NotNull(seen);
        Assert.Equal(SchemeName, seen.Value.Scheme);
        Assert.Equal((string?)session["sessionId"], seen.Value.Session.Id);
        Assert.Equal(Wallet.Address, seen.Value.Session.Address);
        Assert.Equal(SchemeName, seen.Value.Session.Scheme);
        Assert.Equal(["profile/read", "profile/write"], seen.Value.Session.Permissions.Select(p => p.Name).Order());
        Assert.Equal(SchemeName, seen.Value.Principal.Identity!.AuthenticationType);
        Assert.Equal(seen.Value.Session.Id, seen.Value.Principal.GetWeb3SessionId());
        Assert.Equal(["profile/read", "profile/write"], seen.Value.Principal.FindAll(Web3ClaimTypes.Permission).Select(c => c.Value).Order());
    }

    [Fact]
    public async Task SessionValidated_runs_only_for_a_live_session()
    {
        var validated = new List<string>();
        await using var host = await StartAsync(o => o.Events.OnSessionValidated = _ => Record(validated, "SessionValidated"));
        var revoked = await host.SignInTokenAsync(Wallet);
        await host.SignOutAsync(revoked);
        validated.Clear();

        await host.AuthenticateAsync();
        await host.AuthenticateAsync("not-a-token");
        await host.AuthenticateAsync(revoked);

        Assert.Empty(validated);
    }

    [Fact]
    public async Task SessionValidated_can_enrich_the_principal()
    {
        await using var host = await StartAsync(o => o.Events.OnSessionValidated = c =>
        {
            ((ClaimsIdentity)c.SessionPrincipal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "admin"));
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(Web3HandlerHost.AdminPath, token)).StatusCode);
    }

    [Fact]
    public async Task SessionValidated_can_replace_the_principal()
    {
        await using var host = await StartAsync(o => o.Events.OnSessionValidated = c =>
        {
            c.SessionPrincipal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("app_user", "42")], SchemeName));
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);

        var claims = await Web3HandlerHost.ReadObjectAsync(await host.GetAsync(Web3HandlerHost.ClaimsPath, token));
        var result = await host.AuthenticateAsync(token);

        Assert.Equal(["app_user"], claims.Select(c => c.Key));
        Assert.True((bool)result["succeeded"]!);
        Assert.NotNull((string?)result["session"]);
    }

    [Fact]
    public async Task SessionValidated_can_fail_the_request_which_is_answered_as_an_invalid_token()
    {
        await using var host = await StartAsync(o => o.Events.OnSessionValidated = c =>
        {
            c.Fail("This wallet is suspended.");
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);

        var result = await host.AuthenticateAsync(token);
        var response = await host.GetAsync(Web3HandlerHost.ClaimsPath, token);

        Assert.Equal("This wallet is suspended.", (string?)result["failure"]);
        Assert.Null((string?)result["session"]);
        await Web3TestClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        // RFC 6750 §3.1: the request carried a token, and it was refused.
        Assert.StartsWith("error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter);
    }

    // --- AuthenticationFailed ---

    [Fact]
    public async Task AuthenticationFailed_gets_the_error_code_and_description()
    {
        var failures = new List<(string Error, string Description, string Scheme)>();
        await using var host = await StartAsync(o => o.Events.OnAuthenticationFailed = c =>
        {
            failures.Add((c.Error, c.Description, c.Scheme.Name));
            return Task.CompletedTask;
        });
        var token = await host.SignInTokenAsync(Wallet);
        await host.SignOutAsync(token);
        failures.Clear();

        // A token that is not ours is no failure of ours (no result: another scheme may take it).
        await host.AuthenticateAsync("not-a-token");
        await host.AuthenticateAsync(token);

        Assert.Equal(
            [
                (Web3ErrorCodes.InvalidToken, "The session token is unknown, expired or revoked.", SchemeName),
            ],
            failures);
    }

    [Fact]
    public async Task AuthenticationFailed_does_not_run_without_a_token_or_for_a_live_session()
    {
        var failed = new List<string>();
        await using var host = await StartAsync(o => o.Events.OnAuthenticationFailed = _ => Record(failed, "AuthenticationFailed"));
        var token = await host.SignInTokenAsync(Wallet);

        await host.AuthenticateAsync();
        await host.AuthenticateAsync(token);

        Assert.Empty(failed);
    }

    [Fact]
    public async Task AuthenticationFailed_can_replace_the_result()
    {
        await using var host = await StartAsync(o => o.Events.OnAuthenticationFailed = c =>
        {
            if (c.Request.Headers.ContainsKey("X-Guest"))
            {
                SucceedAs(c, "guest");
            }
            else
            {
                c.NoResult();
            }

            return Task.CompletedTask;
        });

        var ignored = await host.AuthenticateAsync(Web3HandlerHost.UnknownToken);
        var guest = await host.AuthenticateAsync(Web3HandlerHost.UnknownToken, new Dictionary<string, string> { ["X-Guest"] = "1" });

        Assert.True((bool)ignored["none"]!);
        Assert.Null((string?)ignored["error"]);
        Assert.True((bool)guest["succeeded"]!);
        Assert.Equal("guest", (string?)guest["name"]);
    }

    private static Task Record(List<string> log, string name)
    {
        log.Add(name);
        return Task.CompletedTask;
    }
}
