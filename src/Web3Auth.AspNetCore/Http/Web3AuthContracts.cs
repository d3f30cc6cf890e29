using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web3Auth.AspNetCore;

// The JSON wire contract of the endpoints (docs/http-api.md). Records, camelCase, source-generated serializer.
// Internal: the wire format is the contract, documented there; apps never build these in code.

/// <summary>Body of <c>POST /auth/web3/challenge</c>.</summary>
/// <param name="Address">The wallet address (any case; a mixed-case one must carry a valid EIP-55 checksum).</param>
/// <param name="ChainId">The chain the wallet is on; defaults to the lowest allowed chain id.</param>
/// <param name="Permissions">The permissions to ask for; <see langword="null"/> asks for those granted by default.</param>
/// <param name="Lifetime">Requested session lifetime in seconds; capped at <c>MaxSessionLifetime</c>.</param>
/// <param name="Renew">Renew the caller's current session instead of creating a new one.</param>
/// <param name="SessionKey">
/// The public key (a JWK: EC P-256 or secp256k1) the session is delegated to; its requests then need DPoP proofs by it.
/// For a renewal, a new key replaces the session's; none keeps it.
/// </param>
internal sealed record SignInMessageRequest(string? Address, ulong? ChainId, IReadOnlyList<string>? Permissions, long? Lifetime, bool? Renew, JsonElement? SessionKey = null);

/// <summary>Answer of <c>POST /auth/web3/challenge</c>: the message to sign.</summary>
/// <param name="Message">The exact EIP-4361 text for <c>personal_sign</c>.</param>
/// <param name="Nonce">The single-use nonce inside the message.</param>
/// <param name="ExpiresAt">The time by which the signed message must be submitted.</param>
/// <param name="SessionExpiresAt">When the session will end (the message's Expiration Time).</param>
/// <param name="Permissions">The permissions the message grants, with their expiries.</param>
internal sealed record SignInMessageResponse(string Message, string Nonce, DateTimeOffset ExpiresAt, DateTimeOffset SessionExpiresAt, IReadOnlyList<Web3PermissionGrant> Permissions);

/// <summary>Body of <c>POST /auth/web3/session</c>.</summary>
/// <param name="Message">The message exactly as POST /challenge returned it.</param>
/// <param name="Signature">The wallet's <c>personal_sign</c> signature, 0x-prefixed hex.</param>
internal sealed record SignInRequest(string? Message, string? Signature);

/// <summary>A permission of a session with its expiry.</summary>
/// <param name="Name">The ReCap ability.</param>
/// <param name="ExpiresAt">When the grant ends.</param>
internal sealed record Web3PermissionGrant(string Name, DateTimeOffset ExpiresAt);

/// <summary>Answer of <c>POST /auth/web3/session</c> and <c>GET /auth/web3/session</c>.</summary>
/// <param name="Token">The session token (only when a session is created or renewed).</param>
/// <param name="TokenType"><c>DPoP</c> for a key-bound session, else <c>Bearer</c>; present with the token.</param>
/// <param name="SessionKey">The did:key of the key a key-bound session is delegated to.</param>
/// <param name="SessionId">The public session id.</param>
/// <param name="Address">The EIP-55 address.</param>
/// <param name="ChainId">The chain id.</param>
/// <param name="Permissions">The live permissions.</param>
/// <param name="ExpiresAt">When the session ends.</param>
internal sealed record Web3SessionResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionKey,
    string SessionId,
    string Address,
    ulong ChainId,
    IReadOnlyList<Web3PermissionGrant> Permissions,
    DateTimeOffset ExpiresAt);

/// <summary>One entry of <c>GET /auth/web3/sessions</c>.</summary>
/// <param name="SessionId">The public session id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When it ends.</param>
/// <param name="Permissions">Its live permissions.</param>
/// <param name="Client">The client hint (User-Agent), if known.</param>
/// <param name="Current">Whether it is the session making this request.</param>
/// <param name="SessionKey">The did:key a key-bound session is delegated to; absent for a bearer session.</param>
internal sealed record Web3SessionSummary(
    string SessionId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, IReadOnlyList<Web3PermissionGrant> Permissions, string? Client, bool Current,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionKey);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignInMessageRequest))]
[JsonSerializable(typeof(SignInMessageResponse))]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(Web3SessionResponse))]
[JsonSerializable(typeof(IReadOnlyList<Web3SessionSummary>))]
internal sealed partial class Web3AuthJsonContext : JsonSerializerContext;
