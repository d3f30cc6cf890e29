using System.Collections.Concurrent;
using System.Net;

namespace Web3Auth.Client.Tests;

/// <summary>
/// <see cref="Web3SessionEventsHttpClientExtensions.WatchWeb3SessionAsync"/> against the real server's
/// <c>/auth/web3/session/events</c>, through the session-key client: every wait has a deadline.
/// </summary>
public class LiveEventsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static Site NewSite() => new(
        o => o.Permissions = ["profile/read", "profile/write"],
        server: o => o.LiveEvents.ReconnectDelay = TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Connected_comes_first_and_a_revoked_permission_arrives_as_ExpirationsUpdated_with_its_reason()
    {
        using var site = NewSite();
        using var http = site.CreateClient();
        using var cts = new CancellationTokenSource(Deadline * 2);
        await using var events = http.WatchWeb3SessionAsync(cancellationToken: cts.Token).GetAsyncEnumerator();

        var connected = await NextAsync(events);
        Assert.Equal(Web3SessionEventKind.Connected, connected.Kind);
        Assert.False(string.IsNullOrEmpty(connected.SessionId));
        Assert.NotNull(connected.ExpiresAt);
        Assert.Equal(["profile/read", "profile/write"], connected.Permissions.Keys.Order(StringComparer.Ordinal));
        Assert.Null(connected.Reason);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session/permissions/profile/write")).StatusCode);

        var updated = await NextAsync(events);
        Assert.Equal(Web3SessionEventKind.ExpirationsUpdated, updated.Kind);
        Assert.Equal("permissionRevoked", updated.Reason);
        Assert.Equal(connected.SessionId, updated.SessionId);
        Assert.Equal(["profile/read"], updated.Permissions.Keys);

        // Every connection attempt was proved with the session's key.
        var opened = site.Sent.Where(e => e.Uri.AbsolutePath == "/auth/web3/session/events").ToList();
        Assert.Single(opened);
        Assert.StartsWith("DPoP ", opened[0].Authorization, StringComparison.Ordinal);
        Assert.NotNull(opened[0].Proof);
    }

    [Fact]
    public async Task A_revoked_session_yields_Revoked_and_the_enumeration_completes()
    {
        using var site = NewSite();
        using var http = site.CreateClient();
        using var cts = new CancellationTokenSource(Deadline * 2);
        await using var events = http.WatchWeb3SessionAsync(cancellationToken: cts.Token).GetAsyncEnumerator();
        var connected = await NextAsync(events);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session")).StatusCode);

        var revoked = await NextAsync(events);
        Assert.Equal(Web3SessionEventKind.Revoked, revoked.Kind);
        Assert.Equal(connected.SessionId, revoked.SessionId);
        Assert.Empty(revoked.Permissions);
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_dropped_connection_is_reopened_with_Last_Event_ID_and_continues_without_a_second_Connected()
    {
        using var site = NewSite();
        using var drop = new CancellationTokenSource();
        var lastEventIds = new ConcurrentQueue<string?>();
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connections = 0;
        site.BeforeSend = r =>
        {
            if (r.RequestUri!.AbsolutePath == "/auth/web3/session/events")
            {
                lastEventIds.Enqueue(r.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            }

            return Task.CompletedTask;
        };
        site.AfterReceive = r =>
        {
            if (r.RequestMessage?.RequestUri?.AbsolutePath != "/auth/web3/session/events" || r.StatusCode != HttpStatusCode.OK)
            {
                return r;
            }

            if (Interlocked.Increment(ref connections) == 1)
            {
                return DroppableContent.Wrap(r, drop.Token);
            }

            reopened.TrySetResult();
            return r;
        };

        using var http = site.CreateClient();
        using var cts = new CancellationTokenSource(Deadline * 3);
        await using var events = http.WatchWeb3SessionAsync(cancellationToken: cts.Token).GetAsyncEnumerator();
        var connected = await NextAsync(events);
        Assert.Equal(Web3SessionEventKind.Connected, connected.Kind);

        var next = events.MoveNextAsync().AsTask();
        await drop.CancelAsync();
        await reopened.Task.WaitAsync(Deadline);
        var ids = lastEventIds.ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Null(ids[0]);
        Assert.False(string.IsNullOrEmpty(ids[1]));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session/permissions/profile/write")).StatusCode);
        Assert.True(await next.WaitAsync(Deadline), "The enumeration ended.");
        var updated = events.Current;
        Assert.Equal(Web3SessionEventKind.ExpirationsUpdated, updated.Kind);
        Assert.Equal(connected.SessionId, updated.SessionId);
        Assert.Equal(["profile/read"], updated.Permissions.Keys);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session")).StatusCode);
        Assert.Equal(Web3SessionEventKind.Revoked, (await NextAsync(events)).Kind);
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task Cancelling_stops_the_watch()
    {
        using var site = NewSite();
        using var http = site.CreateClient();
        using var cts = new CancellationTokenSource();
        await using var events = http.WatchWeb3SessionAsync(cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.Equal(Web3SessionEventKind.Connected, (await NextAsync(events)).Kind);

        var next = events.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Deadline));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_session_revoked_while_the_client_was_away_ends_the_watch_with_Web3SessionEndedException(bool delegated)
    {
        using var site = new Site(
            o => o.Permissions = ["profile/read", "profile/write"],
            server: o => o.LiveEvents.ReconnectDelay = TimeSpan.FromSeconds(1),
            registerClient: !delegated);
        using var key = Web3SessionKey.Create();
        using var drop = new CancellationTokenSource();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = 0;
        site.BeforeSend = async r =>
        {
            if (r.RequestUri!.AbsolutePath == "/auth/web3/session/events" && Interlocked.Increment(ref attempts) == 2)
            {
                held.TrySetResult();
                await release.Task;
            }
        };
        site.AfterReceive = r => r.RequestMessage?.RequestUri?.AbsolutePath == "/auth/web3/session/events" && Volatile.Read(ref attempts) == 1
            ? DroppableContent.Wrap(r, drop.Token)
            : r;

        HttpClient http;
        if (delegated)
        {
            var account = new DelegatedSessionTests.Account(site);
            var (message, signature) = await account.DelegateAsync(key, ["profile/read"]);
            http = site.CreateDelegatedClient(Web3DelegatedSession.FromSignedMessage(key, message, signature));
        }
        else
        {
            http = site.CreateClient();
        }

        using var _ = http;
        using var cts = new CancellationTokenSource(Deadline * 3);
        await using var events = http.WatchWeb3SessionAsync(cancellationToken: cts.Token).GetAsyncEnumerator();
        var connected = await NextAsync(events);

        var next = events.MoveNextAsync().AsTask();
        await drop.CancelAsync();
        await held.Task.WaitAsync(Deadline);
        // Revoked from elsewhere while the stream is down: the client still holds the token.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/auth/web3/sessions/{connected.SessionId}")).StatusCode);
        release.TrySetResult();

        // The reconnect is refused: the watch ends with the site's reason (a client with a root signer signs in
        // again on its next request; a delegated session stays ended).
        var ended = await Assert.ThrowsAsync<Web3SessionEndedException>(() => next.WaitAsync(Deadline));
        Assert.Equal("invalid_token", ended.Error);
        Assert.Contains(site.Sent, e => e.Uri.AbsolutePath == "/auth/web3/session/events" && e.Status == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_stream_silent_past_the_idle_timeout_is_reopened_with_Last_Event_ID()
    {
        // The server's clock is manual, so it sends no heartbeats: the stream is silent after connected.
        using var site = NewSite();
        var lastEventIds = new ConcurrentQueue<string?>();
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        site.BeforeSend = r =>
        {
            if (r.RequestUri!.AbsolutePath == "/auth/web3/session/events")
            {
                lastEventIds.Enqueue(r.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
                if (lastEventIds.Count >= 2)
                {
                    reopened.TrySetResult();
                }
            }

            return Task.CompletedTask;
        };
        using var http = site.CreateClient();
        using var cts = new CancellationTokenSource(Deadline * 3);
        await using var events = Web3SessionEventsHttpClientExtensions.WatchAsync(http, new Uri("/auth/web3/session/events", UriKind.Relative),
            TimeProvider.System, TimeSpan.FromMilliseconds(300), cts.Token).GetAsyncEnumerator();
        var connected = await NextAsync(events);

        // Silent, so reopened (and again, each time the timeout passes) with the connected event's id.
        var next = events.MoveNextAsync().AsTask();
        await reopened.Task.WaitAsync(Deadline);
        Assert.All(lastEventIds.Skip(1), id => Assert.False(string.IsNullOrEmpty(id)));

        // Whether the change lands while a stream is open or between two, it arrives once, never as a Connected.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/auth/web3/session/permissions/profile/write")).StatusCode);
        Assert.True(await next.WaitAsync(Deadline));
        Assert.Equal(Web3SessionEventKind.ExpirationsUpdated, events.Current.Kind);
        Assert.Equal(connected.SessionId, events.Current.SessionId);
        Assert.Equal(["profile/read"], events.Current.Permissions.Keys);
    }

    private static async Task<Web3SessionEvent> NextAsync(IAsyncEnumerator<Web3SessionEvent> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Deadline), "The enumeration ended.");
        return events.Current;
    }

    /// <summary>An answer whose body breaks (as a dropped connection does) when <c>drop</c> is cancelled.</summary>
    private sealed class DroppableContent(Stream inner, CancellationToken drop) : Stream
    {
        public static HttpResponseMessage Wrap(HttpResponseMessage response, CancellationToken drop)
        {
            var original = response.Content;
            var body = original.ReadAsStream(CancellationToken.None);
            var content = new StreamContent(new DroppableContent(body, drop));
            foreach (var header in original.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
            return response;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drop);
            try
            {
                drop.ThrowIfCancellationRequested();
                return await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (drop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await inner.DisposeAsync();
                throw new IOException("The connection was dropped.");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
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
    }
}
