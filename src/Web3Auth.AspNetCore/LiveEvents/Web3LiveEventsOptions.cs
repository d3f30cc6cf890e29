namespace Web3Auth.AspNetCore;

/// <summary>
/// The bounds of the live session events endpoints, <c>GET {prefix}/session/events</c> and
/// <c>GET {prefix}/sessions/events</c> (docs/http-api.md#live-session-events). Bound from
/// <c>Authentication:Schemes:{scheme}:LiveEvents</c>.
/// </summary>
public sealed class Web3LiveEventsOptions
{
    /// <summary>
    /// How many streams one session may hold open on one app node; one more answers 429 <c>too_many_streams</c>.
    /// Default 4; 1 to 100.
    /// </summary>
    public int MaxStreamsPerSession { get; set; } = 4;

    /// <summary>
    /// How many streams the sessions of one address may hold open on one app node; one more answers 429
    /// <c>too_many_streams</c>. Default 16; 1 to 1000.
    /// </summary>
    public int MaxStreamsPerAddress { get; set; } = 16;

    /// <summary>
    /// How often an idle stream writes a heartbeat (an SSE comment line), so that proxies keep it open and a dead
    /// connection is noticed. Default 15 seconds; 1 second to 5 minutes.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an event may take to be written once it is due. When the client does not read (its socket is full)
    /// and the session ends, the terminal event cannot be written: the connection is aborted after this long, so a
    /// revocation ends the stream even if the client never reads. Real time. Default 10 seconds; 100 ms to 5 minutes.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How old a <c>Last-Event-ID</c> may be for a reconnecting stream to resume where it was (only the events it
    /// missed); an older one gets a fresh <c>connected</c>. Default 5 minutes; at most 1 day.
    /// </summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The reconnect delay the server suggests: written as <c>retry:</c> with a stream's first event, and as
    /// <c>Retry-After</c> of a 429 <c>too_many_streams</c>. Default 3 seconds; 1 second to 5 minutes.
    /// </summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);
}
