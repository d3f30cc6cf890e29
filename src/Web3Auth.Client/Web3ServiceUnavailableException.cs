using System.Net;

namespace Web3Auth.Client;

/// <summary>
/// The site answered 503 (<c>store_unavailable</c>, <c>chain_unavailable</c>, or any other 503): retry after
/// <see cref="RetryAfter"/>. The session is kept; the client does not retry by itself.
/// </summary>
public sealed class Web3ServiceUnavailableException : Web3RequestException
{
    internal Web3ServiceUnavailableException(string? error, string? detail, TimeSpan? retryAfter)
        : base(Describe("The site is temporarily unavailable", error, detail) + (retryAfter is { } delay ? $" Retry after {delay.TotalSeconds:0} s." : ""),
            HttpStatusCode.ServiceUnavailable, error, detail)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>The answer's <c>Retry-After</c> as a delay (a date is converted with the client's clock); null when absent.</summary>
    public TimeSpan? RetryAfter { get; }
}
