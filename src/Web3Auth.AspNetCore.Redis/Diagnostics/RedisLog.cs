using Microsoft.Extensions.Logging;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Every log line of the Redis store, with stable event ids from 100 (the core package uses 1–99). The connection
/// string the app gave and passwords are never logged; endpoints are, and the configuration as StackExchange.Redis
/// writes it without its password (event 106). Failed requests themselves are logged by the scheme, at
/// most once per interval (event 3).
/// </summary>
internal static partial class RedisLog
{
    [LoggerMessage(100, LogLevel.Warning, "Redis connection {ConnectionType} to {EndPoint} lost ({FailureType}); retrying every second.", EventName = "RedisConnectionLost")]
    public static partial void ConnectionLost(ILogger logger, string connectionType, string? endPoint, string failureType, Exception? exception);

    [LoggerMessage(101, LogLevel.Information, "Redis connection {ConnectionType} to {EndPoint} restored.", EventName = "RedisConnectionRestored")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType, string? endPoint);

    [LoggerMessage(102, LogLevel.Warning, "The Redis invalidation subscription is not working ({Reason}); this node reads every session from Redis until it is.", EventName = "InvalidationSubscriptionLost")]
    public static partial void SubscriptionLost(ILogger logger, string reason);

    [LoggerMessage(103, LogLevel.Information, "The Redis invalidation subscription works; this node's local session cache is on.", EventName = "InvalidationSubscriptionConfirmed")]
    public static partial void SubscriptionConfirmed(ILogger logger);

    [LoggerMessage(106, LogLevel.Information, "Connecting to Redis: {Configuration}.", EventName = "RedisConnecting")]
    public static partial void Connecting(ILogger logger, string configuration);

    [LoggerMessage(105, LogLevel.Error, "{Message}", EventName = "RedisAccessDenied")]
    public static partial void AccessDenied(ILogger logger, string message);

    [LoggerMessage(104, LogLevel.Debug, "Dropped {Count} sessions from the local cache on an invalidation.", EventName = "SessionsInvalidated")]
    public static partial void SessionsInvalidated(ILogger logger, int count);
}
