using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Web3Auth.AspNetCore;

/// <summary>
/// An RFC 9457 <c>application/problem+json</c> response with the stable <c>error</c> member clients switch on.
/// Written with <see cref="Utf8JsonWriter"/>: no reflection, and safe to write from the authentication handler.
/// </summary>
internal sealed class Web3ProblemResult(int status, string error, string detail, TimeSpan? retryAfter = null) : IResult
{
    // Set for a request whose own authentication failed: the scheme's challenge answers it, so that an endpoint
    // authenticating by hand answers exactly like [Authorize] would (WWW-Authenticate, DPoP-Nonce, problem body).
    private string? _challengeScheme;

    public int Status { get; } = status;

    public string Error { get; } = error;

    public string Detail { get; } = detail;

    public Task ExecuteAsync(HttpContext httpContext) =>
        _challengeScheme is null ? WriteAsync(httpContext.Response) : httpContext.ChallengeAsync(_challengeScheme);

    /// <summary>The 401 of a request the scheme did not authenticate, answered by the scheme's own challenge.</summary>
    public static Web3ProblemResult Challenge(string scheme, string error, string detail) =>
        new(StatusCodes.Status401Unauthorized, error, detail) { _challengeScheme = scheme };

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteString("type", "about:blank");
        writer.WriteString("title", ReasonPhrases.GetReasonPhrase(Status));
        writer.WriteNumber("status", Status);
        writer.WriteString("detail", Detail);
        writer.WriteString("error", Error);
        writer.WriteEndObject();
        await writer.FlushAsync(response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    public static Web3ProblemResult BadRequest(string error, string detail) => new(StatusCodes.Status400BadRequest, error, detail);

    public static Web3ProblemResult Unauthorized(string error, string detail) => new(StatusCodes.Status401Unauthorized, error, detail);

    public static Web3ProblemResult Forbidden(string error, string detail) => new(StatusCodes.Status403Forbidden, error, detail);

    public static Web3ProblemResult NotFound(string error, string detail) => new(StatusCodes.Status404NotFound, error, detail);

    public static Web3ProblemResult MethodNotAllowed(string detail) => new(StatusCodes.Status405MethodNotAllowed, Web3ErrorCodes.MethodNotAllowed, detail);
    public static Web3ProblemResult PayloadTooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, Web3ErrorCodes.RequestTooLarge, detail);

    public static Web3ProblemResult StoreUnavailable(TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, Web3ErrorCodes.StoreUnavailable, "The session store is temporarily unavailable. Retry later.", retryAfter);

    public static Web3ProblemResult TooManyStreams(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, Web3ErrorCodes.TooManyStreams, detail, retryAfter);

    public static Web3ProblemResult ChainUnavailable(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable, Web3ErrorCodes.ChainUnavailable, detail, retryAfter);
}
