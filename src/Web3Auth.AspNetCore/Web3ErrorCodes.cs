namespace Web3Auth.AspNetCore;

/// <summary>
/// The stable <c>error</c> values of problem+json responses and <c>WWW-Authenticate</c> headers. Clients switch on
/// these; they never change meaning.
/// </summary>
public static class Web3ErrorCodes
{
    /// <summary>400: the request body has the wrong shape or a field is invalid (for example a bad address).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>413: the request body is larger than the endpoint accepts (64 KiB for the sign-in endpoints).</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>400 when a sign-in message is asked for, 401 on a login: the chain id is not in <c>AllowedChainIds</c>.</summary>
    public const string ChainNotAllowed = "chain_not_allowed";

    /// <summary>400: a requested permission is not in the catalogue.</summary>
    public const string UnknownPermission = "unknown_permission";

    /// <summary>401: the message is not a valid EIP-4361 message.</summary>
    public const string MalformedMessage = "malformed_message";

    /// <summary>
    /// 401: the signature is malformed or was not made by the message's address (an ordinary signature by another
    /// account: the description names it).
    /// </summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>
    /// 401: the signature is no ordinary (65-byte, recoverable) signature, and no JSON-RPC endpoint is configured for
    /// the message's chain (<c>ChainRpcUrls</c>), so a smart-contract wallet (EIP-1271 / EIP-6492) cannot be asked.
    /// </summary>
    public const string SmartWalletUnverifiable = "smart_wallet_unverifiable";

    /// <summary>401: the nonce is unknown, expired or already used.</summary>
    public const string InvalidNonce = "invalid_nonce";

    /// <summary>401: the message names another domain than this site's.</summary>
    public const string DomainMismatch = "domain_mismatch";

    /// <summary>401: the message's URI is not on this site's origin.</summary>
    public const string UriMismatch = "uri_mismatch";

    /// <summary>401: the message's Expiration Time has passed.</summary>
    public const string MessageExpired = "message_expired";

    /// <summary>401: the message's Not Before (or Issued At) is still in the future.</summary>
    public const string MessageNotYetValid = "message_not_yet_valid";

    /// <summary>401: the message differs from the one the server issued for its nonce.</summary>
    public const string MessageMismatch = "message_mismatch";

    /// <summary>403: the application refused this login (allow-list, token gating).</summary>
    public const string LoginRefused = "login_refused";

    /// <summary>401: the session token is missing, unknown, expired or revoked.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>
    /// 401 (<c>WWW-Authenticate: DPoP</c>): a key-bound session's DPoP proof is missing, malformed, for another request
    /// or key, too old, or already used; the description says which check failed (RFC 9449 §7.1).
    /// </summary>
    public const string InvalidDpopProof = "invalid_dpop_proof";

    /// <summary>
    /// 401: the DPoP proof must carry the server nonce given in this response's <c>DPoP-Nonce</c> header (RFC 9449 §8);
    /// retry with it.
    /// </summary>
    public const string UseDpopNonce = "use_dpop_nonce";

    /// <summary>
    /// 400: the sign-in needs a <c>sessionKey</c> — the site requires key-bound sessions, or a requested permission does
    /// (<see cref="Web3Permission.RequiresKeyBoundSession"/>).
    /// </summary>
    public const string SessionKeyRequired = "session_key_required";

    /// <summary>403: the session lacks a permission the endpoint requires.</summary>
    public const string InsufficientScope = "insufficient_scope";

    /// <summary>403: an authorization policy other than a permission requirement failed.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>403: a cookie-authenticated unsafe request did not come from this site's origin.</summary>
    public const string CsrfRejected = "csrf_rejected";

    /// <summary>404: no such session of this address.</summary>
    public const string SessionNotFound = "session_not_found";

    /// <summary>503: the session store is unreachable; retry after the <c>Retry-After</c> delay.</summary>
    public const string StoreUnavailable = "store_unavailable";

    /// <summary>
    /// 503: the chain's JSON-RPC endpoint did not answer (down, slow, or answering for another chain), so a
    /// smart-contract wallet signature could not be checked; retry after the <c>Retry-After</c> delay.
    /// </summary>
    public const string ChainUnavailable = "chain_unavailable";

    /// <summary>404: no endpoint of the package has this path.</summary>
    public const string NotFound = "not_found";

    /// <summary>405: the endpoint exists but not for this method (the <c>Allow</c> header lists those it takes).</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>
    /// 429: the session (or its address) already holds as many live event streams on this node as allowed
    /// (<see cref="Web3LiveEventsOptions.MaxStreamsPerSession"/>, <see cref="Web3LiveEventsOptions.MaxStreamsPerAddress"/>);
    /// close one, or retry after the <c>Retry-After</c> delay.
    /// </summary>
    public const string TooManyStreams = "too_many_streams";
}
