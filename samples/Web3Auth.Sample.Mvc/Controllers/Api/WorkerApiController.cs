using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc.Delegation;
using Web3Auth.Sample.Mvc.Models;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Controllers.Api;

/// <summary>
/// The background worker (samples/Web3Auth.Sample.Worker) and the users who let it act for them meet here. The worker
/// publishes its public key (<c>PUT /api/worker/key</c>) and collects what users signed for it
/// (<c>GET /api/worker/delegation</c>), both with the worker secret. A signed-in user reads the key
/// (<c>GET /api/worker</c>), has the wallet sign a sign-in message for it, and hands that over
/// (<c>POST /api/worker/delegation</c>). The worker submits the message itself, so the session's token is made in the
/// worker and never passes through the browser or this registry; the message opens one session, once, bound to the
/// worker's key, so nobody without that key can use what it opens.
/// </summary>
[ApiController]
[Route("api/worker")]
public sealed class WorkerApiController(WorkerRegistry registry, IOptionsMonitor<WorkerOptions> worker, SignedInSessions sessions, TimeProvider time) : ControllerBase
{
    /// <summary>The most a user may let the worker act: 7 days. Web apps' own sessions: 1–2 hours.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    [HttpGet]
    [Authorize]
    public IActionResult Get()
    {
        var key = registry.Key;
        return Ok(new
        {
            configured = worker.CurrentValue.Enabled,
            connected = key is not null,
            didKey = key?.DidKey,
            sessionKey = key?.Jwk,
            registeredAt = key?.RegisteredAt,
            waiting = registry.IsWaiting(SignedInAddress()),
            maxLifetime = (long)Math.Min(MaxLifetime.TotalSeconds, sessions.Options.MaxSessionLifetime.TotalSeconds),
        });
    }

    [HttpPut("key")]
    [WorkerSecret]
    public IActionResult PutKey(WorkerKeyRequest request)
    {
        if (!WorkerKey.TryRead(request.SessionKey, time.GetUtcNow(), out var key, out var reason))
        {
            ModelState.AddModelError("sessionKey", reason);
            return ValidationProblem(ModelState);
        }

        registry.Register(key);
        return Ok(new { didKey = key.DidKey });
    }

    [HttpPost("delegation")]
    [Authorize]
    public IActionResult HandOver(WorkerDelegationRequest request)
    {
        if (registry.Key is not { } key)
        {
            return NotConnected("The background worker is not connected. Start it, then try again.");
        }

        if (!SiweMessage.TryParse(request.Message, out var message, out _) || string.IsNullOrEmpty(request.Signature) || request.Signature.Length > 16 * 1024)
        {
            ModelState.AddModelError("message", "Send the sign-in message exactly as issued and the wallet's signature of it.");
            return ValidationProblem(ModelState);
        }

        // Only the signed-in account hands over its own message, and only one for the worker's key.
        var address = SignedInAddress();
        if (message.Address != address)
        {
            ModelState.AddModelError("message", $"The message is for {message.Address}; you are signed in as {address}.");
            return ValidationProblem(ModelState);
        }

        if (message.Uri != key.DidKey)
        {
            ModelState.AddModelError("message", $"The message delegates to {message.Uri}, not to the worker's key {key.DidKey}.");
            return ValidationProblem(ModelState);
        }

        // The site accepts a sign-in message for SignInMessageLifetime after issuing it, and not after the session's
        // end; a later one is of no use.
        var now = time.GetUtcNow();
        var pickUpBefore = message.IssuedAt.Value + sessions.Options.SignInMessageLifetime;
        if (message.ExpirationTime is { } end && end.Value < pickUpBefore)
        {
            pickUpBefore = end.Value;
        }

        registry.HandOver(new WorkerDelegation(address, key.DidKey, request.Message!, request.Signature, now, pickUpBefore));
        return Accepted(new { didKey = key.DidKey, pickUpBefore });
    }

    [HttpGet("delegation")]
    [WorkerSecret]
    public IActionResult Collect()
    {
        if (registry.Key is null)
        {
            return NotConnected("Publish the worker's key first (PUT /api/worker/key).");
        }

        return registry.TakeNext() is { } next
            ? Ok(new { address = next.Address.ToString(), message = next.Message, signature = next.Signature, pickUpBefore = next.PickUpBefore })
            : NoContent();
    }

    // 409 worker_not_connected, a problem like every other of the API (ApiProblems).
    private ObjectResult NotConnected(string detail)
    {
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, StatusCodes.Status409Conflict, detail: detail);
        problem.Extensions[ApiProblems.ErrorMember] = "worker_not_connected";
        return new ObjectResult(problem) { StatusCode = StatusCodes.Status409Conflict, ContentTypes = { "application/problem+json" } };
    }

    private EthereumAddress SignedInAddress() => EthereumAddress.Parse(User.GetWeb3Address()!);
}
