using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web3Auth.AspNetCore;

// The JSON wire contract of the endpoints (docs/http-api.md). Records, camelCase, source-generated serializer.
// Internal: the wire format is the contract, documented there; apps never build these in code. Each member's
// [Description] is its documentation, here and in the OpenAPI document (docs/http-api.md#openapi).

/// <summary>Body of <c>POST /auth/web3/challenge</c>. Every member is optional.</summary>
internal sealed record SignInMessageRequest(
    [property: Description("The wallet address: any case, but a mixed-case one must carry a valid EIP-55 checksum. Required unless renewing.")]
    string? Address = null,
    [property: Description("The chain the wallet is on; by default the lowest allowed chain id.")]
    ulong? ChainId = null,
    [property: Description("The permissions to ask for; omitted asks for those granted by default, [] for none.")]
    IReadOnlyList<string>? Permissions = null,
    [property: Description("The session lifetime in seconds; capped at the site's maximum.")]
    long? Lifetime = null,
    [property: Description("true renews the caller's current session (send its credentials) instead of creating one.")]
    bool? Renew = null,
    [property: Description("The public key, a JWK (EC P-256 or secp256k1, no private members), the session is delegated to: its requests then need DPoP proofs by it. " +
        "For a renewal, a new key replaces the session's; none keeps it.")]
    JsonElement? SessionKey = null);

/// <summary>Answer of <c>POST /auth/web3/challenge</c>: the message to sign.</summary>
internal sealed record SignInMessageResponse(
    [property: Description("The exact EIP-4361 text for personal_sign.")]
    string Message,
    [property: Description("The single-use nonce inside the message.")]
    string Nonce,
    [property: Description("The time by which the signed message must be submitted.")]
    DateTimeOffset ExpiresAt,
    [property: Description("When the session will end (the message's Expiration Time).")]
    DateTimeOffset SessionExpiresAt,
    [property: Description("The permissions the message grants, with their expiries.")]
    IReadOnlyList<Web3PermissionGrant> Permissions);

/// <summary>Body of <c>POST /auth/web3/session</c>.</summary>
internal sealed record SignInRequest(
    [property: Description("The message exactly as POST /challenge returned it.")]
    string? Message,
    [property: Description("The wallet's personal_sign signature, 0x-prefixed hex.")]
    string? Signature);

/// <summary>A permission of a session with its expiry.</summary>
internal sealed record Web3PermissionGrant(
    [property: Description("The ReCap ability, e.g. profile/read.")]
    string Name,
    [property: Description("When the grant ends.")]
    DateTimeOffset ExpiresAt);

/// <summary>
/// Answer of <c>POST /auth/web3/session</c> and <c>GET /auth/web3/session</c>. The members only some answers have are
/// init properties, so that the API explorer does not list them as required; their order keeps them first on the wire.
/// </summary>
internal sealed record Web3SessionResponse(
    [property: Description("The public session id.")]
    string SessionId,
    [property: Description("The EIP-55 address.")]
    string Address,
    [property: Description("The chain id.")]
    ulong ChainId,
    [property: Description("The live permissions.")]
    IReadOnlyList<Web3PermissionGrant> Permissions,
    [property: Description("When the session ends.")]
    DateTimeOffset ExpiresAt)
{
    [JsonPropertyOrder(-3)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("The session token; only when a session is created or renewed.")]
    public string? Token { get; init; }

    [JsonPropertyOrder(-2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("DPoP for a key-bound session, else Bearer; present with the token.")]
    public string? TokenType { get; init; }

    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("The did:key of the key a key-bound session is delegated to; absent for a bearer session.")]
    public string? SessionKey { get; init; }
}

/// <summary>One entry of <c>GET /auth/web3/sessions</c>.</summary>
internal sealed record Web3SessionSummary(
    [property: Description("The public session id.")]
    string SessionId,
    [property: Description("When it was created.")]
    DateTimeOffset CreatedAt,
    [property: Description("When it ends.")]
    DateTimeOffset ExpiresAt,
    [property: Description("Its live permissions.")]
    IReadOnlyList<Web3PermissionGrant> Permissions,
    [property: Description("The client hint (User-Agent), if known.")]
    string? Client,
    [property: Description("Whether it is the session making this request.")]
    bool Current,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("The did:key a key-bound session is delegated to; absent for a bearer session.")]
    string? SessionKey = null);

/// <summary>
/// The problem+json body of every error of the endpoints (RFC 9457 and the <c>error</c> member). Written by
/// <see cref="Web3ProblemResult"/>; this record only describes it, for the API explorer (<see cref="Web3ProblemResponseAttribute"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "A schema only: Web3ProblemResult writes the body.")]
internal sealed record Web3Problem(
    [property: Description("Always about:blank.")]
    string Type,
    [property: Description("The status's reason phrase.")]
    string Title,
    [property: Description("The HTTP status.")]
    int Status,
    [property: Description("A human-readable explanation; it may change between versions.")]
    string Detail,
    [property: Description("The stable code clients switch on.")]
    string Error);

// The data of the live events (docs/http-api.md#live-session-events), one line of JSON each.

internal sealed record SessionSnapshotEvent(
    [property: Description("The public session id.")]
    string SessionId,
    [property: Description("The EIP-55 address.")]
    string Address,
    [property: Description("The chain id.")]
    ulong ChainId,
    [property: Description("When the session ends.")]
    DateTimeOffset ExpiresAt,
    [property: Description("The live permissions.")]
    IReadOnlyList<Web3PermissionGrant> Permissions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("Why it changed (expirationsUpdated only): renewed, permissionRevoked, permissionLapsed or changed.")]
    string? Reason = null);

internal sealed record SessionRevokedEvent(
    [property: Description("The session that was ended.")]
    string SessionId);

internal sealed record SessionExpiredEvent(
    [property: Description("The session whose time ran out.")]
    string SessionId,
    [property: Description("When it ran out.")]
    DateTimeOffset ExpiredAt);

internal sealed record SessionsConnectedEvent(
    [property: Description("The live sessions of the address, as GET /sessions lists them.")]
    IReadOnlyList<Web3SessionSummary> Sessions);

internal sealed record SessionEndedEvent(
    [property: Description("The session that ended.")]
    string SessionId,
    [property: Description("revoked or expired.")]
    string Reason);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignInMessageRequest))]
[JsonSerializable(typeof(SignInMessageResponse))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(Web3SessionResponse))]
[JsonSerializable(typeof(IReadOnlyList<Web3SessionSummary>))]
[JsonSerializable(typeof(Web3SessionSummary))]
[JsonSerializable(typeof(SessionSnapshotEvent))]
[JsonSerializable(typeof(SessionRevokedEvent))]
[JsonSerializable(typeof(SessionExpiredEvent))]
[JsonSerializable(typeof(SessionsConnectedEvent))]
[JsonSerializable(typeof(SessionEndedEvent))]
internal sealed partial class Web3AuthJsonContext : JsonSerializerContext;
