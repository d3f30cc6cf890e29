namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// What travels on the invalidation channel: <c>s:{id} {id} …</c> names sessions every node must drop from its
/// cache (revocation, permission revocation, renewal); <c>p:{node}:{sequence}</c> is a node's probe of its own
/// subscription. Session ids are base64url, so a space separates them safely.
/// </summary>
internal static class InvalidationMessage
{
    private const string SessionsTag = "s:";
    private const string ProbeTag = "p:";

    public static string ForSessions(IEnumerable<string> sessionIds) => SessionsTag + string.Join(' ', sessionIds);

    public static string Probe(string nodeId, long sequence) => $"{ProbeTag}{nodeId}:{sequence}";

    public static bool TryReadSessions(string message, out string[] sessionIds)
    {
        sessionIds = message.StartsWith(SessionsTag, StringComparison.Ordinal)
            ? message[SessionsTag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
        return sessionIds.Length > 0;
    }

    public static bool TryReadProbe(string message, out string nodeId, out long sequence)
    {
        nodeId = "";
        sequence = 0;
        if (!message.StartsWith(ProbeTag, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = message.LastIndexOf(':');
        if (separator <= ProbeTag.Length || !long.TryParse(message.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        nodeId = message[ProbeTag.Length..separator];
        return true;
    }
}
