using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The events of the contract as <see cref="SseItem{T}"/> (data: one line of camelCase JSON, serialized here with the
/// source-generated context, so the result writes strings), and the heartbeat comment.
/// </summary>
internal static class LiveEventItems
{
    public const string Connected = "connected";
    public const string ExpirationsUpdated = "expirationsUpdated";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
    public const string SessionCreated = "sessionCreated";
    public const string SessionUpdated = "sessionUpdated";
    public const string SessionEnded = "sessionEnded";

    private static readonly byte[] HeartbeatComment = ": heartbeat\n\n"u8.ToArray();

    public static SseItem<string> Item<T>(string eventType, T data, JsonTypeInfo<T> type, string id, TimeSpan? retry = null) =>
        new(JsonSerializer.Serialize(data, type), eventType) { EventId = id, ReconnectionInterval = retry };

    /// <summary>
    /// Writes an SSE comment line. <see cref="SseItem{T}"/> cannot be a comment, so the stream writes it to the body
    /// itself, from inside the enumeration: the formatter is then waiting for the next item and has finished writing
    /// the previous one (it writes each item and its flush before asking for the next), so the bytes never interleave.
    /// </summary>
    public static async ValueTask WriteHeartbeatAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(HeartbeatComment, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the status line and headers now, for a stream that has no event to send yet (a resume with nothing missed).</summary>
    public static Task StartAsync(HttpResponse response, CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);

    /// <summary>The next time a snapshot of <paramref name="sessions"/> changes by itself: a permission lapses or a session ends.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<Web3Session> sessions, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var session in sessions)
        {
            foreach (var at in session.Permissions.Select(p => p.ExpiresAt).Append(session.ExpiresAt))
            {
                if (at > now && (next is null || at < next))
                {
                    next = at;
                }
            }
        }

        return next;
    }
}
