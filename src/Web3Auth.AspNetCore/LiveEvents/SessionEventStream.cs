using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// <c>GET {prefix}/session/events</c>: the events of the current session. Holds only what it last sent (the record's
/// version and expiry and the live permissions); on every wake-up it re-reads the session and sends the difference:
/// <c>expirationsUpdated</c> with the reason it can tell, or the terminal <c>revoked</c> / <c>expired</c> — expired
/// when the record it last saw had run out by now, revoked otherwise.
/// </summary>
internal sealed class SessionEventStream(IWeb3SessionStore store, LiveStream stream, Web3Session session, Web3LiveEventsOptions options, HttpContext context)
{
    // When the client's view was last brought up to date: the permissions live then are the ones it shows.
    private DateTimeOffset _sentAt;

    public async IAsyncEnumerable<SseItem<string>> RunAsync(string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = stream.Time;
        var now = time.GetUtcNow();
        var retry = (TimeSpan?)options.ReconnectDelay;
        var sent = session;
        _sentAt = now;
        SseItem<string>? first;
        if (LiveEventId.TryParse(lastEventId, out var resumed) && resumed.SessionTag == LiveEventId.Tag(session.Id) &&
            resumed.At <= now && now - resumed.At <= options.ResumeWindow)
        {
            // Only what the client has not seen: a change since its last event, or a permission that lapsed since.
            var lapsed = session.Permissions.Any(p => p.ExpiresAt > resumed.At && p.ExpiresAt <= now);
            var reason = resumed.Version != session.Version ? "changed" : lapsed ? "permissionLapsed" : null;
            first = reason is null ? null : Snapshot(LiveEventItems.ExpirationsUpdated, session, now, reason, retry);
        }
        else
        {
            first = Snapshot(LiveEventItems.Connected, session, now, reason: null, retry);
        }

        if (first is { } item)
        {
            retry = null;
            stream.Writing();
            yield return item;
            stream.Written();
        }
        else
        {
            await LiveEventItems.StartAsync(context.Response, cancellationToken).ConfigureAwait(false);
        }

        stream.WakeAt(LiveEventItems.NextDue([sent], now));
        while (await stream.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stream.TakeBeat())
            {
                stream.Writing();
                await LiveEventItems.WriteHeartbeatAsync(context.Response, cancellationToken).ConfigureAwait(false);
                stream.Written();
            }

            if (!stream.TakeChanged())
            {
                continue;
            }

            now = time.GetUtcNow();
            var (found, failed) = await TryFindAsync(now, cancellationToken).ConfigureAwait(false);
            if (failed)
            {
                // The store is unavailable: end the stream; the client reconnects (and gets 503 until it is back).
                yield break;
            }

            if (found is null)
            {
                stream.Writing(terminal: true);
                yield return sent.ExpiresAt <= now
                    ? LiveEventItems.Item(LiveEventItems.Expired, new SessionExpiredEvent(sent.Id, sent.ExpiresAt), Web3AuthJsonContext.Default.SessionExpiredEvent,
                        LiveEventId.For(sent, now).ToString(), retry)
                    : LiveEventItems.Item(LiveEventItems.Revoked, new SessionRevokedEvent(sent.Id), Web3AuthJsonContext.Default.SessionRevokedEvent,
                        LiveEventId.For(sent, now).ToString(), retry);
                yield break;
            }

            if (Reason(sent, found, now) is { } why)
            {
                stream.Writing();
                yield return Snapshot(LiveEventItems.ExpirationsUpdated, found, now, why, retry);
                stream.Written();
                retry = null;
            }

            sent = found;
            stream.WakeAt(LiveEventItems.NextDue([sent], now));
        }
    }

    // What changed between the snapshot last sent (as of then) and the session now; null when the client's view is current.
    private string? Reason(Web3Session before, Web3Session after, DateTimeOffset now)
    {
        var wasLive = before.Permissions.Where(p => p.ExpiresAt > _sentAt).ToList();
        var isLive = after.LivePermissions(now).ToList();
        _sentAt = now;
        if (after.ExpiresAt == before.ExpiresAt && wasLive.Count == isLive.Count && wasLive.All(p => isLive.Any(q => q.Name == p.Name && q.ExpiresAt == p.ExpiresAt)))
        {
            return null;
        }

        if (after.ExpiresAt > before.ExpiresAt)
        {
            return "renewed";
        }

        var gone = wasLive.Where(p => !isLive.Any(q => q.Name == p.Name)).ToList();
        if (gone.Count > 0 && isLive.All(q => wasLive.Any(p => p.Name == q.Name)))
        {
            return gone.All(p => p.ExpiresAt <= now) ? "permissionLapsed" : after.Version != before.Version ? "permissionRevoked" : "changed";
        }

        return "changed";
    }

    private SseItem<string> Snapshot(string eventType, Web3Session current, DateTimeOffset now, string? reason, TimeSpan? retry)
    {
        _sentAt = now;
        var data = new SessionSnapshotEvent(current.Id, current.Address.ToString(), current.ChainId, current.ExpiresAt,
            Web3SessionLifecycle.ToGrants(current.LivePermissions(now)), reason);
        return LiveEventItems.Item(eventType, data, Web3AuthJsonContext.Default.SessionSnapshotEvent, LiveEventId.For(current, now).ToString(), retry);
    }

    private async Task<(Web3Session? Session, bool Failed)> TryFindAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.FindSessionAsync(session.Owner, session.Id, now, cancellationToken).ConfigureAwait(false), false);
        }
        catch (Web3StoreUnavailableException)
        {
            return (null, true);
        }
        catch (OperationCanceledException)
        {
            return (null, true);
        }
    }
}
