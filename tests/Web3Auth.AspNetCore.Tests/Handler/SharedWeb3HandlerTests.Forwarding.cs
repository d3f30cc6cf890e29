using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests.Handler;

// Forward* (inherited from AuthenticationSchemeOptions): which scheme an operation on this one really runs on.
// Three RecordingHandler schemes stand in for the targets: "auth1" (ForwardDefault), "selector" and "specific".
public abstract partial class SharedWeb3HandlerTests
{
    // The operations this scheme supports; sign-in and sign-out it does not (it is no IAuthenticationSignInHandler).
    private static readonly string[] Operations = ["authenticate", "challenge", "forbid"];

    public static TheoryData<string> EachOperation => [.. Operations];

    private Task<Web3HandlerHost> StartForwardingAsync(Action<Web3SessionKeyOptions> forward, EventLog? events = null) =>
        StartAsync(o =>
        {
            forward(o);
            if (events is not null)
            {
                RecordAllEvents(o, events, "options");
            }
        }, services: s =>
        {
            s.AddSingleton<HandlerCalls>();
            s.Configure<AuthenticationOptions>(o =>
            {
                o.AddScheme<RecordingHandler>("auth1", "auth1");
                o.AddScheme<RecordingHandler>("selector", "selector");
                o.AddScheme<RecordingHandler>("specific", "specific");
            });
        });

    private static IReadOnlyList<string> Calls(Web3HandlerHost host) => host.App.Services.GetRequiredService<HandlerCalls>().All;

    // The operations on the default scheme, which is this one.
    private static async Task InvokeAsync(HttpContext context, string operation)
    {
        switch (operation)
        {
            case "authenticate":
                await context.AuthenticateAsync();
                break;
            case "challenge":
                await context.ChallengeAsync();
                break;
            case "forbid":
                await context.ForbidAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static void SetForward(AuthenticationSchemeOptions options, string operation, string target)
    {
        switch (operation)
        {
            case "authenticate":
                options.ForwardAuthenticate = target;
                break;
            case "challenge":
                options.ForwardChallenge = target;
                break;
            case "forbid":
                options.ForwardForbid = target;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static async Task InvokeAllAsync(Web3HandlerHost host)
    {
        var context = host.CreateContext();
        foreach (var operation in Operations)
        {
            await InvokeAsync(context, operation);
        }
    }

    [Fact]
    public async Task ForwardDefault_forwards_authenticate_challenge_and_forbid()
    {
        await using var host = await StartForwardingAsync(o => o.ForwardDefault = "auth1");

        await InvokeAllAsync(host);

        Assert.Equal(["auth1:authenticate", "auth1:challenge", "auth1:forbid"], Calls(host));
    }

    [Fact]
    public async Task Forwarding_does_not_make_the_scheme_a_sign_in_scheme()
    {
        // AuthenticationService refuses sign-in and sign-out on a handler that cannot do them before any forwarding.
        await using var host = await StartForwardingAsync(o => o.ForwardDefault = "auth1");
        var context = host.CreateContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity("test"))));
        await Assert.ThrowsAsync<InvalidOperationException>(() => context.SignOutAsync());
        Assert.Empty(Calls(host));
    }

    [Theory]
    [MemberData(nameof(EachOperation))]
    public async Task A_specific_forward_wins_over_ForwardDefault_for_its_operation_only(string operation)
    {
        await using var host = await StartForwardingAsync(o =>
        {
            o.ForwardDefault = "auth1";
            SetForward(o, operation, "specific");
        });

        await InvokeAllAsync(host);

        Assert.Equal(Operations.Select(op => (op == operation ? "specific:" : "auth1:") + op), Calls(host));
    }

    [Fact]
    public async Task ForwardDefaultSelector_wins_over_ForwardDefault_and_sees_the_request()
    {
        string? path = null;
        await using var host = await StartForwardingAsync(o =>
        {
            o.ForwardDefault = "auth1";
            o.ForwardDefaultSelector = context =>
            {
                path = context.Request.Path;
                return "selector";
            };
        });
        var context = host.CreateContext();
        context.Request.Path = "/probe";

        foreach (var operation in Operations)
        {
            await InvokeAsync(context, operation);
        }

        Assert.Equal(["selector:authenticate", "selector:challenge", "selector:forbid"], Calls(host));
        Assert.Equal("/probe", path);
    }

    [Fact]
    public async Task A_null_ForwardDefaultSelector_answer_falls_back_to_ForwardDefault()
    {
        await using var host = await StartForwardingAsync(o =>
        {
            o.ForwardDefault = "auth1";
            o.ForwardDefaultSelector = _ => null;
        });

        await InvokeAllAsync(host);

        Assert.Equal(["auth1:authenticate", "auth1:challenge", "auth1:forbid"], Calls(host));
    }

    [Fact]
    public async Task Specific_forwards_win_over_the_selector_and_ForwardDefault()
    {
        await using var host = await StartForwardingAsync(o =>
        {
            o.ForwardDefault = "auth1";
            o.ForwardDefaultSelector = _ => "selector";
            o.ForwardAuthenticate = "specific";
            o.ForwardChallenge = "specific";
            o.ForwardForbid = "specific";
        });

        await InvokeAllAsync(host);

        Assert.Equal(["specific:authenticate", "specific:challenge", "specific:forbid"], Calls(host));
    }

    [Fact]
    public async Task A_forwarded_operation_runs_none_of_the_schemes_events()
    {
        var events = new EventLog();
        await using var host = await StartForwardingAsync(o => o.ForwardDefault = "auth1", events);

        await InvokeAllAsync(host);

        Assert.Equal(3, Calls(host).Count);
        Assert.Empty(events.All);
    }

    [Fact]
    public async Task Forwarding_to_the_scheme_itself_is_ignored()
    {
        // AuthenticationHandler.ResolveTarget drops a target naming the scheme itself: no loop, the scheme does the work.
        await using var host = await StartForwardingAsync(o =>
        {
            o.ForwardDefault = SchemeName;
            o.ForwardDefaultSelector = _ => SchemeName;
        });
        var token = await host.SignInTokenAsync(Wallet);

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(Web3HandlerHost.ClaimsPath, token)).StatusCode);
        await Web3TestClient.AssertProblemAsync(await host.GetAsync(Web3HandlerHost.ClaimsPath), HttpStatusCode.Unauthorized, Web3ErrorCodes.InvalidToken);
        await Web3TestClient.AssertProblemAsync(await host.GetAsync(Web3HandlerHost.WritePath, token), HttpStatusCode.Forbidden, Web3ErrorCodes.InsufficientScope);
        Assert.Empty(Calls(host));
    }

    [Fact]
    public async Task Over_http_ForwardChallenge_answers_the_401_while_the_scheme_still_authenticates()
    {
        await using var host = await StartForwardingAsync(o => o.ForwardChallenge = "specific");
        var token = await host.SignInTokenAsync(Wallet);

        var anonymous = await host.GetAsync(Web3HandlerHost.ClaimsPath);
        var signedIn = await host.GetAsync(Web3HandlerHost.ClaimsPath, token);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal((HttpStatusCode)StatusCodes.Status418ImATeapot, anonymous.StatusCode);
        Assert.Equal("specific", Assert.Single(anonymous.Headers.GetValues(RecordingHandler.HandledByHeader)));
        Assert.Empty(anonymous.Headers.WwwAuthenticate);
        Assert.Equal(["specific:challenge"], Calls(host));
    }

    [Fact]
    public async Task Over_http_ForwardForbid_answers_the_403_and_skips_the_Forbidden_event()
    {
        var events = new EventLog();
        await using var host = await StartForwardingAsync(o => o.ForwardForbid = "specific", events);
        var token = await host.SignInTokenAsync(Wallet, ["profile/read"]);

        var response = await host.GetAsync(Web3HandlerHost.WritePath, token);

        Assert.Equal((HttpStatusCode)StatusCodes.Status418ImATeapot, response.StatusCode);
        Assert.Equal("specific", Assert.Single(response.Headers.GetValues(RecordingHandler.HandledByHeader)));
        Assert.Equal(["specific:forbid"], Calls(host));
        Assert.DoesNotContain("options:Forbidden", events.All);
        Assert.Contains("options:SessionValidated", events.All);
    }
}
