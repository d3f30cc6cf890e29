namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// What travels on the invalidation channel: <c>s:{id} {id} …</c> names sessions every node must drop from its
/// cache (revocation, permission revocation, renewal; a sign-in publishes its new session too, which caches ignore and
/// the change feed announces); <c>p:{node}:{round}:{index}</c> is one of a node's probes of its
/// own subscription (one per Cluster primary, else one per round); <c>c:</c> is the start-up access check, which nodes ignore. Session ids are base64url, so a space separates them safely.
/// </summary>
internal static class InvalidationMessage
{
    private const string SessionsTag = "s:";
    private const string ProbeTag = "p:";

    public static string ForSessions(IEnumerable<string> sessionIds) => SessionsTag + string.Join(' ', sessionIds);

    /// <summary>Probe <paramref name="index"/> of a node's probe round: <c>p:{node}:{round}:{index}</c>.</summary>
    public static string Probe(string nodeId, long round, int index = 0) => FormattableString.Invariant($"{ProbeTag}{nodeId}:{round}:{index}");

    public static bool TryReadSessions(string message, out string[] sessionIds)
    {
        sessionIds = message.StartsWith(SessionsTag, StringComparison.Ordinal)
            ? message[SessionsTag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
        return sessionIds.Length > 0;
    }

    public static bool TryReadProbe(string message, out string nodeId, out long round, out int index)
    {
        nodeId = "";
        round = 0;
        index = 0;
        var parts = message.Split(':');
        if (parts.Length != 4 || parts[0] + ":" != ProbeTag || parts[1].Length == 0
            || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out round)
            || !int.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        nodeId = parts[1];
        return true;
    }
}
