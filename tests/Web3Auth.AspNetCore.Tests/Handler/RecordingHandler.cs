using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>
/// A scheme that only records what it was asked to do, as "scheme:operation", into <see cref="HandlerCalls"/>: the
/// target of the forwarding tests. Its challenge and forbid answer 418 with the scheme's name in <c>X-Handled-By</c>,
/// so a forwarded HTTP response is told apart from the Web3 handler's.
/// </summary>
public sealed class RecordingHandler(HandlerCalls calls) : IAuthenticationSignInHandler
{
    public const string HandledByHeader = "X-Handled-By";

    private AuthenticationScheme _scheme = null!;
    private HttpContext _context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        calls.Add(_scheme.Name, "authenticate");
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) => Answer("challenge");

    public Task ForbidAsync(AuthenticationProperties? properties) => Answer("forbid");

    public Task SignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        calls.Add(_scheme.Name, "signin");
        return Task.CompletedTask;
    }

    public Task SignOutAsync(AuthenticationProperties? properties)
    {
        calls.Add(_scheme.Name, "signout");
        return Task.CompletedTask;
    }

    private Task Answer(string operation)
    {
        calls.Add(_scheme.Name, operation);
        _context.Response.StatusCode = StatusCodes.Status418ImATeapot;
        _context.Response.Headers[HandledByHeader] = _scheme.Name;
        return Task.CompletedTask;
    }
}

/// <summary>What the <see cref="RecordingHandler"/> schemes of one host were asked to do, in order.</summary>
public sealed class HandlerCalls
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> All => [.. _calls];

    public void Add(string scheme, string operation) => _calls.Enqueue(scheme + ":" + operation);
}
