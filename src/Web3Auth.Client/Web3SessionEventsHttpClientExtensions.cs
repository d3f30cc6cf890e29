using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Web3Auth.Client;

/// <summary>
/// Live events of the current session (<c>GET {prefix}/session/events</c>) for an HttpClient whose pipeline has the
/// package's handler (<c>AddWeb3SessionKey</c> or <see cref="Web3DelegatedSession.CreateHandler"/>), so that every
/// connection attempt carries the session's credentials and a fresh DPoP proof.
/// </summary>
public static class Web3SessionEventsHttpClientExtensions
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // Three of the server's default heartbeats (15 s): a stream silent this long is taken for a dead connection.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Watches the current session until it ends. Yields <see cref="Web3SessionEventKind.Connected"/> first, then
    /// <see cref="Web3SessionEventKind.ExpirationsUpdated"/> on each change, and completes after a
    /// <see cref="Web3SessionEventKind.Revoked"/> or <see cref="Web3SessionEventKind.Expired"/> event, which it yields.
    /// A connection that drops without one is reopened with <c>Last-Event-ID</c> (the server then sends only what was
    /// missed, without a second <c>connected</c>), after the server's <c>retry:</c> delay (0.5 s if it sent none),
    /// doubling on each failed attempt up to 30 s; 429 and 503 answers are retried after their <c>Retry-After</c>.
    /// A stream silent for 45 s (not even a heartbeat) counts as dropped.
    /// A 401 (the session ended while the client was away, or before) ends the enumeration with
    /// <see cref="Web3SessionEndedException"/>; any other refusal throws <see cref="Web3RequestException"/>.
    /// Cancelling <paramref name="cancellationToken"/> (or the enumerator's) closes the stream and throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="client">The client; a relative <paramref name="eventsUri"/> resolves against its <see cref="HttpClient.BaseAddress"/>.</param>
    /// <param name="eventsUri">The events endpoint. Default: <c>/auth/web3/session/events</c>.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public static IAsyncEnumerable<Web3SessionEvent> WatchWeb3SessionAsync(this HttpClient client, Uri? eventsUri = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return WatchAsync(client, eventsUri ?? new Uri("/auth/web3/session/events", UriKind.Relative), TimeProvider.System, IdleTimeout, cancellationToken);
    }

    internal static async IAsyncEnumerable<Web3SessionEvent> WatchAsync(HttpClient client, Uri eventsUri, TimeProvider time, TimeSpan idleTimeout,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? lastEventId = null;
        TimeSpan? serverRetry = null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? retryAfter = null;
            HttpResponseMessage? response = null;
            using (var request = new HttpRequestMessage(HttpMethod.Get, eventsUri))
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (lastEventId is not null)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
                }

                try
                {
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (Web3ServiceUnavailableException ex)
                {
                    retryAfter = ex.RetryAfter;
                }
                catch (HttpRequestException ex) when (ex is not Web3RequestException && !cancellationToken.IsCancellationRequested)
                {
                    // The site is unreachable (a transport failure, not an answer of the site's): back off and try again.
                }
            }

            if (response is not null)
            {
                using (response)
                {
                    if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                    {
                        retryAfter = (await SiteAnswer.ReadAsync(response, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).RetryAfter;
                    }
                    else if (!response.IsSuccessStatusCode)
                    {
                        var refusal = await SiteAnswer.ReadAsync(response, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                        throw response.StatusCode == HttpStatusCode.Unauthorized
                            ? new Web3SessionEndedException(refusal.Error, refusal.Detail)
                            : refusal.ToException("The live events stream");
                    }
                    else
                    {
                        failures = 0;
                        var body = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), idleTimeout, time);
                        await using (body.ConfigureAwait(false))
                        {
                            var items = SseParser.Create(body).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                            await using (items.ConfigureAwait(false))
                            {
                                while (true)
                                {
                                    bool more;
                                    try
                                    {
                                        more = await items.MoveNextAsync().ConfigureAwait(false);
                                    }
                                    catch (Exception ex) when (ex is IOException or HttpRequestException and not Web3RequestException && !cancellationToken.IsCancellationRequested)
                                    {
                                        more = false;
                                    }

                                    if (!more)
                                    {
                                        break;
                                    }

                                    var item = items.Current;
                                    lastEventId = item.EventId ?? lastEventId;
                                    serverRetry = item.ReconnectionInterval ?? serverRetry;
                                    if (Parse(item) is not { } e)
                                    {
                                        continue;
                                    }

                                    yield return e;
                                    if (e.Kind is Web3SessionEventKind.Revoked or Web3SessionEventKind.Expired)
                                    {
                                        yield break;
                                    }
                                }
                            }
                        }
                    }
                }
            }

            // The connection dropped (or was not made) without a terminal event: wait, then resume.
            var delay = retryAfter ?? Backoff(serverRetry ?? FirstBackoff, failures);
            failures++;
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Backoff(TimeSpan first, int failures)
    {
        var delay = first;
        for (var i = 0; i < failures && delay < MaxBackoff; i++)
        {
            delay *= 2;
        }

        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    /// <summary>
    /// The response body, failing a read with <see cref="IOException"/> when nothing at all (not even a heartbeat
    /// comment, which the SSE parser hides) arrives within the idle timeout.
    /// </summary>
    private sealed class IdleTimeoutStream(Stream inner, TimeSpan idleTimeout, TimeProvider time) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var idle = new CancellationTokenSource(idleTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("The live events stream was silent for longer than its idle timeout.");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The event, or <see langword="null"/> for an event type or data this client does not know.</summary>
    internal static Web3SessionEvent? Parse(SseItem<string> item)
    {
        Web3SessionEventKind kind;
        switch (item.EventType)
        {
            case "connected": kind = Web3SessionEventKind.Connected; break;
            case "expirationsUpdated": kind = Web3SessionEventKind.ExpirationsUpdated; break;
            case "revoked": kind = Web3SessionEventKind.Revoked; break;
            case "expired": kind = Web3SessionEventKind.Expired; break;
            default: return null;
        }

        try
        {
            using var document = JsonDocument.Parse(item.Data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sessionId", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var permissions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            if (root.TryGetProperty("permissions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var permission in list.EnumerateArray())
                {
                    if (permission.ValueKind == JsonValueKind.Object && permission.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String &&
                        Time(permission, "expiresAt") is { } lapses)
                    {
                        permissions[name.GetString()!] = lapses;
                    }
                }
            }

            var reason = root.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
            var expiresAt = kind == Web3SessionEventKind.Expired ? Time(root, "expiredAt") : Time(root, "expiresAt");
            return new Web3SessionEvent(kind, id.GetString()!, expiresAt, permissions, reason);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Time(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : null;
}
