using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Mvc.Delegation;

/// <summary>
/// Lets a request through only with <c>Authorization: WorkerSecret &lt;Sample:Worker:Secret&gt;</c>: the worker's
/// endpoints (publish its key, collect delegations). 401 otherwise, and 404 while the site has no worker secret.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class WorkerSecretAttribute : Attribute, IAsyncAuthorizationFilter
{
    /// <summary>The <c>Authorization</c> scheme the worker uses.</summary>
    public const string Scheme = "WorkerSecret";

    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<WorkerOptions>>().CurrentValue;
        if (!options.Enabled)
        {
            context.Result = Refusal(http, StatusCodes.Status404NotFound, "not_found", "This site has no background worker: set Sample:Worker:Secret.");
            return Task.CompletedTask;
        }

        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme + " ", StringComparison.Ordinal) ? header[(Scheme.Length + 1)..] : "";
        // Compared as hashes, in constant time: the answer's timing says nothing about the secret.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Secret))))
        {
            http.Response.Headers.WWWAuthenticate = Scheme;
            context.Result = Refusal(http, StatusCodes.Status401Unauthorized, "invalid_worker_secret", "Only the background worker may do this: send Authorization: WorkerSecret with Sample:Worker:Secret.");
        }

        return Task.CompletedTask;
    }

    // A problem like every other of the API (ApiProblems), with this error code.
    private static ObjectResult Refusal(HttpContext http, int status, string error, string detail)
    {
        var problem = http.RequestServices.GetRequiredService<ProblemDetailsFactory>().CreateProblemDetails(http, status, detail: detail);
        problem.Extensions[ApiProblems.ErrorMember] = error;
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
