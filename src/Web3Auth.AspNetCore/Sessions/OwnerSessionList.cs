using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The default store's list of one owner's sessions, each with its expiry so expired entries can be pruned on every
/// write. The list is the authority: a session it does not name is not live.
/// </summary>
internal sealed record OwnerSessionList(OwnerSessionEntry[] Sessions)
{
    public static readonly OwnerSessionList Empty = new([]);

    public bool Lists(string sessionId, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var entry in Sessions)
        {
            if (entry.Expires > nowMs && string.Equals(entry.Id, sessionId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public OwnerSessionEntry[] Live(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        return Sessions.Where(e => e.Expires > nowMs).ToArray();
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, OwnerSessionListJsonContext.Default.OwnerSessionList);

    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out OwnerSessionList? list)
    {
        try
        {
            list = JsonSerializer.Deserialize(utf8, OwnerSessionListJsonContext.Default.OwnerSessionList);
        }
        catch (JsonException)
        {
            list = null;
        }

        list = list?.Sessions is null || list.Sessions.Any(e => e?.Id is null) ? null : list;
        return list is not null;
    }
}

/// <summary>A session of an owner's list: its id and expiry (Unix ms).</summary>
internal sealed record OwnerSessionEntry(string Id, long Expires);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OwnerSessionList))]
internal sealed partial class OwnerSessionListJsonContext : JsonSerializerContext;
