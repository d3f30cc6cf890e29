using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The <c>id:</c> of a live event, <c>1.{version}.{at}.{session}</c>: the version of the session record the event
/// showed, when (Unix ms, the app's clock) it showed it, and 8 bytes of the session id's SHA-256 (so an id of another
/// session is recognised without naming it). Opaque to clients, which only echo it as <c>Last-Event-ID</c>.
/// </summary>
internal readonly record struct LiveEventId(long Version, DateTimeOffset At, string SessionTag)
{
    public static LiveEventId For(Web3Session session, DateTimeOffset at) => new(session.Version, at, Tag(session.Id));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"1.{Version}.{At.ToUnixTimeMilliseconds()}.{SessionTag}");

    /// <summary>Reads an id this server wrote; false for anything else (then the stream starts afresh).</summary>
    public static bool TryParse(string? text, out LiveEventId id)
    {
        id = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 4 } || parts[0] != "1" || parts[3].Length != 16 ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var at) || at > 253402300799999)
        {
            return false;
        }

        id = new(version, DateTimeOffset.FromUnixTimeMilliseconds(at), parts[3]);
        return true;
    }

    public static string Tag(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 8));
}
