using System.Net;

namespace Web3Auth.Client;

/// <summary>
/// The site refused a request of a session-key client, or a sign-in: the answer's status, its stable
/// <see cref="Error"/> code (the problem's <c>error</c> member or the <c>WWW-Authenticate</c> error) and its
/// human-readable <see cref="Detail"/>. The derived exceptions name the cases a caller handles differently.
/// </summary>
public class Web3RequestException : HttpRequestException
{
    internal Web3RequestException(string message, HttpStatusCode statusCode, string? error, string? detail)
        : base(message, inner: null, statusCode)
    {
        Error = error;
        Detail = detail;
    }

    /// <summary>The site's error code, such as <c>invalid_token</c> or <c>insufficient_scope</c>; null when the answer had none.</summary>
    public string? Error { get; }

    /// <summary>The site's explanation (problem <c>detail</c> or <c>error_description</c>); may change between versions.</summary>
    public string? Detail { get; }

    internal static string Describe(string what, string? error, string? detail) =>
        what + (error is null ? "" : $" ({error})") + (string.IsNullOrEmpty(detail) ? "." : ": " + detail);
}
