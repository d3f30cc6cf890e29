using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Web3Auth.Client;

/// <summary>
/// What a refusal says: the problem body's <c>error</c> and <c>detail</c> (RFC 9457, as Web3Auth.AspNetCore writes
/// them) and the <c>WWW-Authenticate</c> challenge's <c>error</c>, <c>error_description</c> and <c>scope</c>
/// (RFC 6750, RFC 9449), whichever the answer has; the body wins where both do.
/// </summary>
internal sealed partial record SiteAnswer(HttpStatusCode Status, string? Error, string? Detail, IReadOnlyList<string> Scope, TimeSpan? RetryAfter)
{
    // Body read for a problem at most: a refusal is small, and a hostile or broken server cannot make the client buffer more.
    private const int MaxProblemBytes = 64 * 1024;

    public static async Task<SiteAnswer> ReadAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var challenge = ReadChallenge(response.Headers.WwwAuthenticate);
        string? error = null, detail = null;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var buffer = new byte[MaxProblemBytes];
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        error = String(document.RootElement, "error");
                        detail = String(document.RootElement, "detail");
                    }
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: the challenge header (or nothing) is what there is.
            }
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

        return new SiteAnswer(response.StatusCode, error ?? challenge.Error, detail ?? challenge.Description, challenge.Scope, retryAfter);
    }

    /// <summary>The <c>error</c> of the DPoP (or Bearer) challenge, without reading the body.</summary>
    public static string? ChallengeError(HttpResponseMessage response) => ReadChallenge(response.Headers.WwwAuthenticate).Error;

    public Exception ToException(string what) => Status switch
    {
        HttpStatusCode.ServiceUnavailable => new Web3ServiceUnavailableException(Error, Detail, RetryAfter),
        _ => new Web3RequestException(Web3RequestException.Describe($"{what} was refused with {(int)Status}", Error, Detail), Status, Error, Detail),
    };

    private static (string? Error, string? Description, IReadOnlyList<string> Scope) ReadChallenge(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges)
    {
        foreach (var challenge in challenges.OrderBy(c => string.Equals(c.Scheme, "DPoP", StringComparison.OrdinalIgnoreCase) ? 0 : 1))
        {
            if (challenge.Parameter is not { } parameters)
            {
                continue;
            }

            string? error = null, description = null;
            IReadOnlyList<string> scope = [];
            foreach (Match match in Parameter().Matches(parameters))
            {
                var value = match.Groups["quoted"].Success ? match.Groups["quoted"].Value.Replace("\\\"", "\"", StringComparison.Ordinal) : match.Groups["token"].Value;
                switch (match.Groups["name"].Value.ToLowerInvariant())
                {
                    case "error": error = value; break;
                    case "error_description": description = value; break;
                    case "scope": scope = value.Split(' ', StringSplitOptions.RemoveEmptyEntries); break;
                }
            }

            if (error is not null)
            {
                return (error, description, scope);
            }
        }

        return (null, null, []);
    }

    private static string? String(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // auth-param = token BWS "=" BWS ( token / quoted-string ) (RFC 9110 §11.2).
    [GeneratedRegex("""(?<name>[A-Za-z0-9_.-]+)\s*=\s*(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<token>[^\s,"]+))""")]
    private static partial Regex Parameter();
}
