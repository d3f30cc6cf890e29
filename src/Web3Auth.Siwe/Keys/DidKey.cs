namespace Web3Auth.Siwe.Keys;

/// <summary>
/// Names a session key as a W3C <c>did:key</c>: <c>did:key:z</c> + base58btc(multicodec varint ‖ 33-byte SEC 1
/// compressed point). P-256 keys (multicodec <c>p256-pub</c>, 0x1200) read <c>did:key:zDn…</c>, secp256k1 keys
/// (<c>secp256k1-pub</c>, 0xe7) <c>did:key:zQ3s…</c>.
/// </summary>
/// <remarks>
/// Only the canonical form is accepted, so a key has exactly one name and names compare as strings:
/// <c>Encode(TryParse(s))</c> gives back <c>s</c>.
/// </remarks>
public static class DidKey
{
    private const string Prefix = "did:key:z";

    // Both codecs are two varint bytes, so every key is 35 bytes, 48 base58 characters, 57 in all. Longer input is
    // refused before decoding, which is quadratic in its length.
    private const int MaxLength = 64;
    private const int CompressedPointSize = 1 + SessionKeyPoints.CoordinateSize;
    private const int CodecSize = 2;
    private const int DecodedSize = CodecSize + CompressedPointSize;

    private static ReadOnlySpan<byte> P256Codec => [0x80, 0x24];

    private static ReadOnlySpan<byte> Secp256k1Codec => [0xE7, 0x01];

    /// <summary>Writes the <c>did:key</c> of the public point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="curve">The key's curve.</param>
    /// <param name="x">The x-coordinate, 32 bytes big-endian.</param>
    /// <param name="y">The y-coordinate, 32 bytes big-endian.</param>
    /// <returns>The DID, for example <c>did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169</c>.</returns>
    /// <exception cref="ArgumentException">
    /// The coordinates are not 32 bytes each or are not a point on <paramref name="curve"/>, or the curve is not a
    /// defined value.
    /// </exception>
    public static string Encode(SessionKeyCurve curve, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        if (!SessionKeyPoints.IsOnCurve(curve, x, y))
        {
            throw new ArgumentException($"(x, y) must be two 32-byte big-endian coordinates of a point on {curve}.", nameof(x));
        }

        Span<byte> bytes = stackalloc byte[DecodedSize];
        (curve == SessionKeyCurve.P256 ? P256Codec : Secp256k1Codec).CopyTo(bytes);
        bytes[CodecSize] = (byte)(0x02 | (y[^1] & 1));
        x.CopyTo(bytes[(CodecSize + 1)..]);
        return Prefix + Base58Btc.Encode(bytes);
    }

    /// <summary>
    /// Reads a <c>did:key</c> written by <see cref="Encode"/>: the prefix <c>did:key:z</c>, base58btc characters only
    /// (no fragment, query or whitespace), a P-256 or secp256k1 codec, and exactly one compressed point (prefix
    /// <c>0x02</c>/<c>0x03</c>, x below p and the x-coordinate of a curve point). Never throws.
    /// </summary>
    /// <param name="did">The DID.</param>
    /// <param name="curve">The key's curve.</param>
    /// <param name="x">The x-coordinate, 32 bytes big-endian; empty when parsing fails.</param>
    /// <param name="y">The y-coordinate (decompressed), 32 bytes big-endian; empty when parsing fails.</param>
    /// <returns>Whether <paramref name="did"/> is the canonical <c>did:key</c> of a point on a supported curve.</returns>
    public static bool TryParse(string? did, out SessionKeyCurve curve, out byte[] x, out byte[] y)
    {
        curve = default;
        x = [];
        y = [];
        if (did is null || did.Length > MaxLength || !did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // A longer value does not fit and fails to decode; base58 has no other spelling of the same bytes.
        Span<byte> bytes = stackalloc byte[DecodedSize];
        if (!Base58Btc.TryDecode(did.AsSpan(Prefix.Length), bytes, out var length) || length != DecodedSize)
        {
            return false;
        }

        SessionKeyCurve parsed;
        if (bytes[..CodecSize].SequenceEqual(P256Codec))
        {
            parsed = SessionKeyCurve.P256;
        }
        else if (bytes[..CodecSize].SequenceEqual(Secp256k1Codec))
        {
            parsed = SessionKeyCurve.Secp256k1;
        }
        else
        {
            return false;
        }

        var point = bytes[CodecSize..];
        if (point[0] is not (0x02 or 0x03))
        {
            return false;
        }

        var decompressed = new byte[SessionKeyPoints.CoordinateSize];
        if (!SessionKeyPoints.TryDecompress(parsed, point[1..], oddY: point[0] == 0x03, decompressed))
        {
            return false;
        }

        curve = parsed;
        x = point[1..].ToArray();
        y = decompressed;
        return true;
    }
}
