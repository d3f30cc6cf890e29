namespace Web3Auth.Client;

/// <summary>What a <see cref="Web3SessionEvent"/> says about the session.</summary>
public enum Web3SessionEventKind
{
    /// <summary>The stream opened fresh (no resume): the session as it is now.</summary>
    Connected,

    /// <summary>The session's expiry or permissions changed; <see cref="Web3SessionEvent.Reason"/> says why.</summary>
    ExpirationsUpdated,

    /// <summary>The session was ended (signed out, revoked, evicted). The last event of the enumeration.</summary>
    Revoked,

    /// <summary>The session's time ran out. The last event of the enumeration.</summary>
    Expired,
}
