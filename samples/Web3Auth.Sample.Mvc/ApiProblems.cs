using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// Every error answer of the JSON API (<c>/api/*</c>, and the package's <c>/auth/web3/*</c>) is RFC 9457
/// <c>application/problem+json</c> with the stable <c>error</c> member the package's own problems carry
/// (<c>invalid_request</c>, <c>not_found</c>, …), so a client switches on one field whoever answered: a controller,
/// model validation, routing (unknown route, wrong method), the rate limiter or the exception handler.
/// </summary>
public static class ApiProblems
{
    /// <summary>The problem member clients switch on.</summary>
    public const string ErrorMember = "error";

    /// <summary>Whether <paramref name="path"/> belongs to the JSON API rather than to the pages.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(Web3AuthDefaults.EndpointPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>error</c> code of a problem with <paramref name="status"/>.</summary>
    public static string ErrorCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => Web3ErrorCodes.InvalidRequest,
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status500InternalServerError => "server_error",
        // Anything else: the same fallback web3auth-client.js uses for an answer without an error member.
        _ => "http_" + status.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/> hook: every problem ASP.NET Core writes (controller
    /// <c>Problem()</c>, <c>ValidationProblem()</c>, client-error results) gets an <c>error</c> code and a <c>detail</c>.
    /// An <c>error</c> already set is kept.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Complete(context.ProblemDetails, context.HttpContext);
    }

    /// <summary>
    /// An <see cref="ApiBehaviorOptions.InvalidModelStateResponseFactory"/>: a body that does not bind or validate is a
    /// 400 <c>invalid_request</c> problem with the per-field <c>errors</c>.
    /// </summary>
    public static IActionResult InvalidModelState(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var factory = context.HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateValidationProblemDetails(context.HttpContext, context.ModelState, StatusCodes.Status400BadRequest);
        // Set here, not only by Customize, so the code survives a replaced ProblemDetailsFactory.
        problem.Extensions[ErrorMember] = Web3ErrorCodes.InvalidRequest;
        Complete(problem, context.HttpContext);
        return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
    }

    /// <summary>
    /// A <c>UseStatusCodePages</c> handler: an API answer that ended with an error status and no body (routing's 404
    /// for an unknown route and 405 for a wrong method, a bare <c>StatusCode(…)</c>) gets a problem body. Pages are left
    /// alone.
    /// </summary>
    public static Task WriteBodylessErrorAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        return IsApiPath(http.Request.Path) ? WriteAsync(http, http.Response.StatusCode) : Task.CompletedTask;
    }

    /// <summary>Writes a problem with <paramref name="status"/> (and <paramref name="error"/>, or the status's code).</summary>
    public static Task WriteAsync(HttpContext context, int status, string? detail = null, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (error is not null)
        {
            problem.Extensions[ErrorMember] = error;
        }

        // The result fills in type and title from the status; it writes problem+json even when the client's Accept
        // asks for something else, so an API client that sent Accept: text/html still gets a body it can read.
        var result = TypedResults.Problem(problem);
        Complete(problem, context);
        // Error answers are about this request only: no cache may keep them.
        context.Response.Headers.CacheControl = "no-store";
        return result.ExecuteAsync(context);
    }

    private static void Complete(ProblemDetails problem, HttpContext context)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        // RFC 9457: "about:blank" when the status says it all (ASP.NET Core knows a type URI for only some statuses).
        problem.Type ??= "about:blank";
        problem.Extensions.TryAdd(ErrorMember, ErrorCode(status));
        problem.Detail ??= status switch
        {
            StatusCodes.Status400BadRequest => "The request is not valid.",
            StatusCodes.Status404NotFound => "There is nothing at this address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not accept this method; the Allow header lists the ones it does.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            StatusCodes.Status500InternalServerError => "Something went wrong on our side.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
    }
}
