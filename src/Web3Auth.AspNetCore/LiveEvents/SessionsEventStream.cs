using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// <c>GET {prefix}/sessions/events</c>: the events of every session of the current session's address, for a sessions
/// page. Always starts with <c>connected</c> (the whole list; a resume too: clients replace their list), then on every
/// wake-up re-reads the list and sends the difference with what it last sent: <c>sessionEnded</c>,
/// <c>sessionCreated</c>, <c>sessionUpdated</c>, and the terminal <c>revoked</c> / <c>expired</c> when the stream's own
/// session is no longer listed.
/// </summary>
internal sealed class SessionsEventStream(IWeb3SessionStore store, LiveStream stream, Web3Session session, IReadOnlyList<Web3Session> listed, Web3LiveEventsOptions options, HttpContext context)
{
    public async IAsyncEnumerable<SseItem<string>> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = stream.Time;
        var now = time.GetUtcNow();
        var sent = listed.ToDictionary(s => s.Id, s => View.Of(s, now), StringComparer.Ordinal);
        var own = session;
        stream.Writing();
        yield return LiveEventItems.Item(LiveEventItems.Connected,
            new SessionsConnectedEvent(Newest(listed).Select(s => Summary(s, now)).ToArray()), Web3AuthJsonContext.Default.SessionsConnectedEvent,
            LiveEventId.For(own, now).ToString(), options.ReconnectDelay);
        stream.Written();

        stream.WakeAt(LiveEventItems.NextDue(listed, now));
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
            IReadOnlyList<Web3Session> current;
            try
            {
                current = await ListAsync(now, cancellationToken).ConfigureAwait(false);
            }
            catch (Web3StoreUnavailableException)
            {
                yield break;
            }

            var byId = current.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var (id, view) in sent.ToArray())
            {
                if (!byId.ContainsKey(id) && id != own.Id)
                {
                    sent.Remove(id);
                    stream.Writing();
                    yield return LiveEventItems.Item(LiveEventItems.SessionEnded, new SessionEndedEvent(id, view.ExpiresAt <= now ? "expired" : "revoked"),
                        Web3AuthJsonContext.Default.SessionEndedEvent, LiveEventId.For(own, now).ToString());
                    stream.Written();
                }
            }

            foreach (var changed in Newest(current).Reverse())
            {
                var view = View.Of(changed, now);
                var known = sent.TryGetValue(changed.Id, out var before);
                if (known && before == view)
                {
                    continue;
                }

                sent[changed.Id] = view;
                if (changed.Id == own.Id)
                {
                    own = changed;
                }

                stream.Writing();
                yield return LiveEventItems.Item(known ? LiveEventItems.SessionUpdated : LiveEventItems.SessionCreated, Summary(changed, now),
                    Web3AuthJsonContext.Default.Web3SessionSummary, LiveEventId.For(own, now).ToString());
                stream.Written();
            }

            if (!byId.ContainsKey(own.Id))
            {
                stream.Writing(terminal: true);
                yield return own.ExpiresAt <= now
                    ? LiveEventItems.Item(LiveEventItems.Expired, new SessionExpiredEvent(own.Id, own.ExpiresAt), Web3AuthJsonContext.Default.SessionExpiredEvent,
                        LiveEventId.For(own, now).ToString())
                    : LiveEventItems.Item(LiveEventItems.Revoked, new SessionRevokedEvent(own.Id), Web3AuthJsonContext.Default.SessionRevokedEvent,
                        LiveEventId.For(own, now).ToString());
                yield break;
            }

            stream.WakeAt(LiveEventItems.NextDue(current, now));
        }
    }

    private async Task<IReadOnlyList<Web3Session>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ListSessionsAsync(session.Owner, now, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw new Web3StoreUnavailableException("The stream ended.", ex);
        }
    }

    private static IEnumerable<Web3Session> Newest(IEnumerable<Web3Session> sessions) =>
        sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal);

    private Web3SessionSummary Summary(Web3Session s, DateTimeOffset now) =>
        new(s.Id, s.CreatedAt, s.ExpiresAt, Web3SessionLifecycle.ToGrants(s.LivePermissions(now)), s.ClientHint, s.Id == session.Id, s.BoundKey?.DidKey);

    // What a client shows of a session: a difference here is a sessionUpdated.
    private sealed record View(DateTimeOffset ExpiresAt, string Permissions)
    {
        public static View Of(Web3Session s, DateTimeOffset now) =>
            new(s.ExpiresAt, string.Join('\n', s.LivePermissions(now).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + " " + p.ExpiresAt.ToUnixTimeMilliseconds())));
    }
}
