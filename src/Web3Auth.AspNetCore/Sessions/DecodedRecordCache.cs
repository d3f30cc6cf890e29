using System.Runtime.CompilerServices;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The records most recently decoded from cache entries, keyed by the very byte array the cache returned. An
/// in-process cache (<c>AddDistributedMemoryCache</c>) hands back the same array it was given until the entry is
/// replaced or removed, so the same array means the same record, and decoding it again (≈ 0.6 µs and 900 bytes per
/// authenticated request) can be skipped. A cache that returns a new array each time (Redis, SQL Server) simply
/// never hits. The array's identity is the whole key: a replaced or removed entry's new array can never match.
/// </summary>
/// <remarks>
/// Only the decoding is skipped: every lookup still goes to the cache, which stays the truth for revocation and
/// expiry. The session handed out may be shared between requests, as the Redis store's local cache does; it is an
/// immutable record.
/// </remarks>
internal sealed class DecodedRecordCache<T>(DecodedRecordCache<T>.Decoder decode)
    where T : class
{
    private const int Slots = 256;

    // Direct-mapped and lock-free: a slot holds one immutable entry, replaced whole.
    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>Decodes a record; <see langword="false"/> for one that is damaged.</summary>
    public delegate bool Decoder(ReadOnlySpan<byte> record, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value);

    public T? Decode(byte[] record)
    {
        ref var slot = ref _entries[(uint)RuntimeHelpers.GetHashCode(record) % Slots];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && ReferenceEquals(entry.Record, record))
        {
            return entry.Value;
        }

        if (!decode(record, out var value))
        {
            return null;
        }

        Volatile.Write(ref slot, new Entry(record, value));
        return value;
    }

    private sealed record Entry(byte[] Record, T Value);
}
