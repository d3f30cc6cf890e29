namespace Web3Auth.Sample.Worker;

/// <summary>What the worker reports, one line each, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Worker key {DidKey} ({Origin}); only its public JWK is published.", EventName = "KeyReady")]
    public static partial void KeyReady(ILogger logger, string didKey, string origin);

    [LoggerMessage(2, LogLevel.Information, "Published the worker's key to {Site}. Waiting for a user to authorize the worker.", EventName = "KeyPublished")]
    public static partial void KeyPublished(ILogger logger, Uri site);

    [LoggerMessage(3, LogLevel.Warning, "The site {Site} cannot be reached ({Reason}); trying again.", EventName = "SiteUnreachable")]
    public static partial void SiteUnreachable(ILogger logger, Uri site, string reason);

    [LoggerMessage(4, LogLevel.Critical, "The site {Site} refused the worker secret: set Worker:Secret to the site's Sample:Worker:Secret. Stopping.", EventName = "SecretRefused")]
    public static partial void SecretRefused(ILogger logger, Uri site);

    [LoggerMessage(5, LogLevel.Information, "{Address} authorized the worker; opening the session.", EventName = "Authorized")]
    public static partial void Authorized(ILogger logger, string address);

    [LoggerMessage(6, LogLevel.Information, "Acting for {Address} with {Permissions} until {ExpiresAt:u}.", EventName = "Acting")]
    public static partial void Acting(ILogger logger, string address, string permissions, DateTimeOffset expiresAt);

    [LoggerMessage(7, LogLevel.Warning, "Could not open the session of {Address}: the site refused it ({Error}: {Detail}).", EventName = "OpenRefused")]
    public static partial void OpenRefused(ILogger logger, string address, string? error, string? detail);

    [LoggerMessage(8, LogLevel.Information, "Read {Count} notes of {Address}.", EventName = "NotesRead")]
    public static partial void NotesRead(ILogger logger, int count, string address);

    [LoggerMessage(9, LogLevel.Information, "Added a note for {Address}.", EventName = "NoteAdded")]
    public static partial void NoteAdded(ILogger logger, string address);

    [LoggerMessage(10, LogLevel.Information, "Checked the session of {Address}: it holds no permission the worker uses.", EventName = "NothingToDo")]
    public static partial void NothingToDo(ILogger logger, string address);

    [LoggerMessage(11, LogLevel.Warning, "The site refused a call for {Address} ({Error}: {Detail}); the session goes on.", EventName = "CallRefused")]
    public static partial void CallRefused(ILogger logger, string address, string? error, string? detail);

    [LoggerMessage(12, LogLevel.Warning, "Stopped acting for {Address}: the site ended the session ({Error}: {Detail}) — {Reason}.", EventName = "Stopped")]
    public static partial void Stopped(ILogger logger, string address, string? error, string? detail, string reason);

    [LoggerMessage(13, LogLevel.Information, "{Address} authorized the worker again; signed the previous session out.", EventName = "Replaced")]
    public static partial void Replaced(ILogger logger, string address);

    [LoggerMessage(14, LogLevel.Warning, "A call for {Address} failed ({Reason}); trying again at the next interval.", EventName = "CallFailed")]
    public static partial void CallFailed(ILogger logger, string address, string reason);

    [LoggerMessage(15, LogLevel.Error, "Stopped acting for {Address}: the worker failed.", EventName = "Failed")]
    public static partial void Failed(ILogger logger, string address, Exception exception);
}
