using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Reads a small JSON request body without ever holding more than <c>maxBytes + 1</c> of it: a declared
/// Content-Length over the limit is refused before reading, a chunked body is refused as soon as it passes the limit,
/// and the transport's own limit is lowered to match so the server stops reading (and draining) there too.
/// Every failure is a problem answer, never an exception.
/// </summary>
internal static class JsonRequestBody
{
    public static async Task<(T? Value, Web3ProblemResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, int maxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);

        // A JSON content type forces a CORS preflight on cross-site requests, which keeps other sites from
        // driving a visitor's browser through the login (login CSRF).
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "Send the body as application/json."));
        }

        // Kestrel's default is 30 MB; with ours in place it refuses the rest of an oversized body instead of
        // receiving (and, after our answer, draining) it. Read-only once reading started, or on servers without limits.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false } && (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > maxBytes))
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        // One byte more than the limit tells "exactly the limit" from "over it" without reading any further.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes &&
                (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            // The serializer leaves strings inside a JsonElement (a sessionKey) undecoded; bytes that are not UTF-8
            // would throw later, when they are read.
            if (!Utf8.IsValid(buffer.AsSpan(0, length)))
            {
                return (null, Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body is not valid UTF-8."));
            }

            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            return value is null
                ? (null, Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body must be a JSON object."))
                : (value, null);
        }
        catch (BadHttpRequestException ex)
        {
            // The transport's limit (ours when we could lower it, Kestrel's 30 MB otherwise) tripped first, or the
            // framing itself was broken (a bad chunk): the server closes the connection either way, but answers first.
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body could not be read."));
        }
        catch (JsonException)
        {
            return (null, Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "The body is not valid JSON of the expected shape."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Web3ProblemResult TooLarge(int maxBytes) =>
        Web3ProblemResult.PayloadTooLarge($"The body is larger than {maxBytes / 1024} KiB.");
}
