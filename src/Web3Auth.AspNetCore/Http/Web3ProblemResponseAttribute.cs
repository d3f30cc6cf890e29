using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A problem+json answer an endpoint can give, with the <see cref="Web3ErrorCodes"/> its <c>error</c> member can carry.
/// The endpoints of <c>MapWeb3SessionKeys</c> carry one per status they can fail with; put it on your own endpoints
/// (<c>.WithMetadata(…)</c>, or as an attribute on a controller action) to describe them the same way. It is a
/// <see cref="ProducesResponseTypeAttribute"/>: ASP.NET Core's API explorer, and so the OpenAPI document, lists the
/// status, the problem schema and, in the response's description, the codes; an OpenAPI transformer can read
/// <see cref="ErrorCodes"/> to list them in the schema as well (docs/http-api.md#openapi).
/// </summary>
public sealed class Web3ProblemResponseAttribute : ProducesResponseTypeAttribute
{
    /// <summary>A problem answer with <paramref name="statusCode"/> and the <c>error</c> codes it can carry.</summary>
    /// <param name="statusCode">An error status, 400 to 599.</param>
    /// <param name="errorCodes">The <c>error</c> values, one or more (<see cref="Web3ErrorCodes"/>, or codes of your own).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is no error status.</exception>
    /// <exception cref="ArgumentException"><paramref name="errorCodes"/> is empty or has an empty code.</exception>
    public Web3ProblemResponseAttribute(int statusCode, params string[] errorCodes)
        : base(typeof(Web3Problem), statusCode, "application/problem+json")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, StatusCodes.Status400BadRequest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(errorCodes);
        if (errorCodes.Length == 0 || errorCodes.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Name at least one error code, none of them empty.", nameof(errorCodes));
        }

        ErrorCodes = [.. errorCodes];
        Description = $"{ReasonPhrases.GetReasonPhrase(statusCode)} (problem+json, `error`: {string.Join(", ", ErrorCodes.Select(c => $"`{c}`"))})";
    }

    /// <summary>The <c>error</c> values this answer can carry, in the order given.</summary>
    public IReadOnlyList<string> ErrorCodes { get; }
}
