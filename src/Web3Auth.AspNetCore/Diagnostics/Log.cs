using Microsoft.Extensions.Logging;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Every log line of the package, with stable event ids. Tokens, signatures and message texts are never logged;
/// addresses and session ids are (they are public identifiers).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Session {SessionId} authenticated.", EventName = "SessionAuthenticated")]
    public static partial void SessionAuthenticated(ILogger logger, string sessionId);

    [LoggerMessage(2, LogLevel.Information, "Session token rejected: {Error}.", EventName = "TokenRejected")]
    public static partial void TokenRejected(ILogger logger, string error);

    [LoggerMessage(17, LogLevel.Warning, "The live events endpoints are mapped, but the session store ({Store}) announces no changes (it does not implement IWeb3SessionChangeFeed): streams learn of revocations and renewals only when a permission lapses or the session expires. Use a store with a change feed (the default store's reaches this process only; the Redis store's every node).", EventName = "LiveEventsWithoutChangeFeed")]
    public static partial void LiveEventsWithoutChangeFeed(ILogger logger, string store);

    [LoggerMessage(18, LogLevel.Information, "Live event stream of session {SessionId} aborted: an event could not be written within {WriteTimeoutMs} ms (the client is not reading).", EventName = "LiveStreamAborted")]
    public static partial void LiveStreamAborted(ILogger logger, string sessionId, double writeTimeoutMs);

    [LoggerMessage(16, LogLevel.Information, "DPoP proof rejected: {Check}.", EventName = "DpopProofRejected")]
    public static partial void DpopProofRejected(ILogger logger, DpopProofError check);

    [LoggerMessage(3, LogLevel.Error, "The session store is unavailable; requests fail closed with 503 ({Suppressed} similar errors not logged since the last one).", EventName = "StoreUnavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, long suppressed);

    // Debug: anyone can ask for a sign-in message, so at Information a flood of them would flood the log.
    [LoggerMessage(4, LogLevel.Debug, "Sign-in message issued for {Address} on chain {ChainId}.", EventName = "SignInMessageIssued")]
    public static partial void SignInMessageIssued(ILogger logger, string address, ulong chainId);

    [LoggerMessage(5, LogLevel.Information, "Session {SessionId} created for {Address}.", EventName = "SessionCreated")]
    public static partial void SessionCreated(ILogger logger, string sessionId, string address);

    [LoggerMessage(6, LogLevel.Information, "Sign-in rejected: {Error}.", EventName = "LoginRejected")]
    public static partial void LoginRejected(ILogger logger, string error);

    [LoggerMessage(7, LogLevel.Information, "Session {SessionId} renewed.", EventName = "SessionRenewed")]
    public static partial void SessionRenewed(ILogger logger, string sessionId);

    [LoggerMessage(8, LogLevel.Information, "Session {SessionId} revoked.", EventName = "SessionRevoked")]
    public static partial void SessionRevoked(ILogger logger, string sessionId);

    [LoggerMessage(9, LogLevel.Information, "Permission {Permission} of session {SessionId} revoked.", EventName = "PermissionRevoked")]
    public static partial void PermissionRevoked(ILogger logger, string permission, string sessionId);

    [LoggerMessage(10, LogLevel.Information, "All {Count} sessions of {Address} revoked.", EventName = "AllSessionsRevoked")]
    public static partial void AllSessionsRevoked(ILogger logger, int count, string address);

    [LoggerMessage(11, LogLevel.Warning, "No Domain is configured for scheme {Scheme}; using the request's Host header {Host}. This is allowed in Development only: set Authentication:Schemes:{Scheme}:Domain before deploying.", EventName = "DomainFromHostHeader")]
    public static partial void DomainFromHostHeader(ILogger logger, string scheme, string host);

    [LoggerMessage(12, LogLevel.Warning, "Cookie-authenticated {Method} request from another origin rejected (CSRF protection).", EventName = "CsrfRejected")]
    public static partial void CsrfRejected(ILogger logger, string method);

    [LoggerMessage(13, LogLevel.Information, "The application refused the sign-in of {Address}.", EventName = "LoginRefused")]
    public static partial void LoginRefused(ILogger logger, string address);

    [LoggerMessage(14, LogLevel.Information, "{Count} sessions of {Address} ended to stay within MaxSessionsPerAddress.", EventName = "SessionsEvicted")]
    public static partial void SessionsEvicted(ILogger logger, int count, string address);

    [LoggerMessage(15, LogLevel.Warning, "Session {SessionId} kept changing under {Operation}; gave up after {Attempts} attempts.", EventName = "SessionContended")]
    public static partial void SessionContended(ILogger logger, string sessionId, string operation, int attempts);

    // 200–299: smart-contract wallets and the chains' JSON-RPC endpoints (whose URLs are never logged: they carry API keys).

    [LoggerMessage(20, LogLevel.Warning, "The session store is the default store over a Redis IDistributedCache ({CacheType}). It keeps one node's sessions correct, but several nodes sharing that Redis get no atomic single use across nodes: a signed sign-in message or a DPoP proof can be accepted once per node. For several nodes use AddRedisStore(...) (package Web3Auth.AspNetCore.Redis), which can share the cache's connection.", EventName = "SharedCacheWithoutAtomicSingleUse")]
    public static partial void SharedCacheWithoutAtomicSingleUse(ILogger logger, string cacheType);

    [LoggerMessage(200, LogLevel.Warning, "The JSON-RPC endpoint of chain {ChainId} failed ({Method}): {Reason}. Smart-wallet checks on this chain answer 503 until it recovers.", EventName = "ChainRpcFailed")]
    public static partial void ChainRpcFailed(ILogger logger, ulong chainId, string method, string reason);

    [LoggerMessage(201, LogLevel.Error, "The JSON-RPC endpoint configured for chain {ChainId} answers for chain {ActualChainId}. Fix ChainRpcUrls:{ChainId}; until then smart-wallet checks on chain {ChainId} answer 503.", EventName = "ChainRpcWrongChain")]
    public static partial void ChainRpcWrongChain(ILogger logger, ulong chainId, ulong actualChainId);

    [LoggerMessage(202, LogLevel.Information, "Smart-contract wallet {Address} on chain {ChainId} verified with {Method}.", EventName = "SmartWalletVerified")]
    public static partial void SmartWalletVerified(ILogger logger, string address, ulong chainId, string method);

    [LoggerMessage(203, LogLevel.Information, "Session {SessionId} ended: wallet {Address} on chain {ChainId} no longer accepts its sign-in signature.", EventName = "SessionEndedByWallet")]
    public static partial void SessionEndedByWallet(ILogger logger, string sessionId, string address, ulong chainId);
}
