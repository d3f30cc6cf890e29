namespace Web3Auth.AspNetCore;

/// <summary>
/// What an <see cref="IWeb3SessionChangeFeed"/> announces: the ids of sessions that were created, changed or ended
/// (a session id embeds its owner's address, so it also names the owner whose list changed), or that changes may
/// have been missed (the feed's connection was lost), after which a listener re-reads everything it watches.
/// </summary>
public sealed class Web3SessionChanges
{
    private Web3SessionChanges(IReadOnlyList<string> sessionIds, bool mayHaveMissedChanges)
    {
        SessionIds = sessionIds;
        MayHaveMissedChanges = mayHaveMissedChanges;
    }

    /// <summary>"Changes may have been missed": re-read every watched session.</summary>
    public static Web3SessionChanges Missed { get; } = new([], mayHaveMissedChanges: true);

    /// <summary>The sessions with these ids were created, changed or ended.</summary>
    public static Web3SessionChanges ForSessions(IReadOnlyList<string> sessionIds)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        return new(sessionIds, mayHaveMissedChanges: false);
    }

    /// <summary>The ids of the sessions created, changed or ended; empty when <see cref="MayHaveMissedChanges"/>.</summary>
    public IReadOnlyList<string> SessionIds { get; }

    /// <summary>Whether changes may have been missed (a lost connection): listeners re-read everything they watch.</summary>
    public bool MayHaveMissedChanges { get; }
}
