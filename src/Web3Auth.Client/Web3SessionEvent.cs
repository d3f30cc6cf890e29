namespace Web3Auth.Client;

/// <summary>
/// One live event of the current session, as <c>GET {prefix}/session/events</c> sends it.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="SessionId">The session's id.</param>
/// <param name="ExpiresAt">
/// When the session ends (<see cref="Web3SessionEventKind.Connected"/>, <see cref="Web3SessionEventKind.ExpirationsUpdated"/>),
/// or when it ended (<see cref="Web3SessionEventKind.Expired"/>); <see langword="null"/> for <see cref="Web3SessionEventKind.Revoked"/>.
/// </param>
/// <param name="Permissions">The session's live permissions and when each lapses; empty for the terminal events.</param>
/// <param name="Reason">
/// Why the session changed, for <see cref="Web3SessionEventKind.ExpirationsUpdated"/>: <c>renewed</c>,
/// <c>permissionRevoked</c>, <c>permissionLapsed</c> or <c>changed</c>; otherwise <see langword="null"/>.
/// </param>
public sealed record Web3SessionEvent(
    Web3SessionEventKind Kind,
    string SessionId,
    DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, DateTimeOffset> Permissions,
    string? Reason);
