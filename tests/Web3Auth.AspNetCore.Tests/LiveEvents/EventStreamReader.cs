using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>Reads a live events response as a client does, with the BCL's SSE parser; every wait has a deadline.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly IAsyncEnumerator<SseItem<string>> _items;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _items = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
    }

    public HttpResponseMessage Response { get; }

    /// <summary>The id of the last event read.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>Opens the stream: <paramref name="authorize"/> sets the credentials; the response must be a 200 event stream.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient http, string path, Action<HttpRequestMessage> authorize, string? lastEventId = null)
    {
        var response = await TryOpenAsync(http, path, authorize, lastEventId);
        var body = response.StatusCode == System.Net.HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    public static async Task<HttpResponseMessage> TryOpenAsync(HttpClient http, string path, Action<HttpRequestMessage> authorize, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        authorize(request);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Deadline);
    }

    /// <summary>The next event; fails if the stream ends or none comes within the deadline.</summary>
    public async Task<(string Type, JsonObject Data, SseItem<string> Item)> NextAsync()
    {
        Assert.True(await _items.MoveNextAsync().AsTask().WaitAsync(Deadline), "The stream ended.");
        var item = _items.Current;
        LastEventId = item.EventId ?? LastEventId;
        return (item.EventType, JsonNode.Parse(item.Data)!.AsObject(), item);
    }

    /// <summary>The next event, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonObject> NextAsync(string type)
    {
        var (actual, data, _) = await NextAsync();
        Assert.True(type == actual, $"expected {type}, got {actual}: {data.ToJsonString()}");
        return data;
    }

    /// <summary>Asserts that the server ends the stream (after the events already read) within the deadline.</summary>
    public async Task AssertEndsAsync()
    {
        var more = await _items.MoveNextAsync().AsTask().WaitAsync(Deadline);
        Assert.False(more, more ? $"another event: {_items.Current.EventType} {_items.Current.Data}" : "");
    }

    public async ValueTask DisposeAsync()
    {
        Response.Dispose();
        try
        {
            await _items.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
        }
    }
}
