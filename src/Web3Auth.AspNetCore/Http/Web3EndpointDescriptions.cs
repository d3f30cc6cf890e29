using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using static Web3Auth.AspNetCore.Web3ErrorCodes;

namespace Web3Auth.AspNetCore;

/// <summary>
/// How the endpoints of <c>MapWeb3SessionKeys</c> describe themselves to the API explorer, and so to OpenAPI
/// (docs/http-api.md#openapi): their JSON bodies, and the problem answers each can give, status by status, with their
/// <c>error</c> codes — docs/http-api.md's tables as metadata. The codes that depend on configuration
/// (<c>use_dpop_nonce</c>, <c>csrf_rejected</c>, <c>chain_unavailable</c>) are always listed. A change here is a change
/// of the documented contract: update docs/http-api.md with it.
/// </summary>
internal static class Web3EndpointDescriptions
{
    // Any request the scheme authenticates (docs/http-api.md#authenticating-requests).
    private static readonly Web3ProblemResponseAttribute NotAuthenticated = new(401, InvalidToken, InvalidDpopProof, UseDpopNonce);

    // A cookie-authenticated request that changes state, from another origin.
    private static readonly Web3ProblemResponseAttribute CrossSite = new(403, CsrfRejected);

    private static readonly Web3ProblemResponseAttribute TooLarge = new(413, RequestTooLarge);

    private static readonly Web3ProblemResponseAttribute Unavailable = new(503, StoreUnavailable, ChainUnavailable);

    /// <summary>POST /challenge; 401, 403 and 503 only for a renewal (<c>"renew": true</c>).</summary>
    public static readonly Web3ProblemResponseAttribute[] Challenge =
    [
        new(400, InvalidRequest, ChainNotAllowed, UnknownPermission, SessionKeyRequired),
        NotAuthenticated,
        CrossSite,
        TooLarge,
        Unavailable,
    ];

    /// <summary>POST /session: the checks of docs/http-api.md, in their order; <c>invalid_token</c> for a renewal of an ended session.</summary>
    public static readonly Web3ProblemResponseAttribute[] SignIn =
    [
        new(400, InvalidRequest, SessionKeyRequired),
        new(401, MalformedMessage, DomainMismatch, UriMismatch, ChainNotAllowed, MessageExpired, MessageNotYetValid, InvalidNonce,
            MessageMismatch, InvalidSignature, SmartWalletUnverifiable, InvalidToken),
        new(403, LoginRefused),
        TooLarge,
        Unavailable,
    ];

    /// <summary>GET /session.</summary>
    public static readonly Web3ProblemResponseAttribute[] ReadSession = [NotAuthenticated, Unavailable];

    /// <summary>DELETE /session, DELETE /session/permissions/{name} and DELETE /sessions.</summary>
    public static readonly Web3ProblemResponseAttribute[] ChangeSession = [NotAuthenticated, CrossSite, Unavailable];

    /// <summary>GET /sessions: 400 for a <c>limit</c> out of range.</summary>
    public static readonly Web3ProblemResponseAttribute[] Events = [NotAuthenticated, new(429, TooManyStreams), Unavailable];

    public static readonly Web3ProblemResponseAttribute[] ListSessions = [new(400, InvalidRequest), NotAuthenticated, Unavailable];

    /// <summary>DELETE /sessions/{id}.</summary>
    public static readonly Web3ProblemResponseAttribute[] RevokeSession = [NotAuthenticated, CrossSite, new(404, SessionNotFound), Unavailable];

    /// <summary>
    /// Describes the endpoint's JSON body as <typeparamref name="TBody"/>. Not <c>Accepts&lt;T&gt;</c>: a declared content
    /// type makes routing answer any other with an empty 415 (or the prefix's 404), where the endpoint itself answers
    /// 400 <c>invalid_request</c> (docs/http-api.md); with no content type, routing leaves the request alone.
    /// </summary>
    public static RouteHandlerBuilder AcceptsWeb3Json<TBody>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new JsonBodyMetadata(typeof(TBody)));

    /// <summary>Adds <paramref name="problems"/> to the endpoint's metadata.</summary>
    public static RouteHandlerBuilder ProducesWeb3Problems(this RouteHandlerBuilder builder, Web3ProblemResponseAttribute[] problems) =>
        builder.WithMetadata([.. problems]);

    private sealed class JsonBodyMetadata(Type requestType) : IAcceptsMetadata
    {
        public IReadOnlyList<string> ContentTypes => [];

        public Type? RequestType => requestType;

        public bool IsOptional => false;
    }
}
