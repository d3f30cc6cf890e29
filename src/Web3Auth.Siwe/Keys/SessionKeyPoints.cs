using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe.Keys;

/// <summary>
/// Checks on a session key's public point, for both curves. Public data only: the checks are not constant-time.
/// </summary>
public static class SessionKeyPoints
{
    /// <summary>Size of one big-endian coordinate.</summary>
    internal const int CoordinateSize = 32;

    /// <summary>
    /// Whether (<paramref name="x"/>, <paramref name="y"/>), 32-byte big-endian coordinates, is a point on
    /// <paramref name="curve"/>.
    /// </summary>
    /// <param name="curve">The curve.</param>
    /// <param name="x">The x-coordinate, 32 bytes big-endian.</param>
    /// <param name="y">The y-coordinate, 32 bytes big-endian.</param>
    /// <returns>False for wrong lengths, a coordinate not below the curve's p, or a point not on the curve.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="curve"/> is not a defined value.</exception>
    public static bool IsOnCurve(SessionKeyCurve curve, ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => curve switch
    {
        SessionKeyCurve.P256 => P256.IsOnCurve(x, y),
        SessionKeyCurve.Secp256k1 => AffinePoint.TryFromBigEndian(x, y, out _),
        _ => throw new ArgumentOutOfRangeException(nameof(curve), curve, "Unknown curve."),
    };

    /// <summary>
    /// The point's y for a 32-byte <paramref name="x"/> and the parity of a SEC 1 compressed encoding (both curves have
    /// p ≡ 3 mod 4, so the root is one exponentiation). Fails when x is not below p or no curve point has this x.
    /// </summary>
    internal static bool TryDecompress(SessionKeyCurve curve, ReadOnlySpan<byte> x, bool oddY, Span<byte> y)
    {
        if (curve == SessionKeyCurve.P256)
        {
            return P256.TryDecompress(x, oddY, y);
        }

        if (!FieldElement.TryFromBigEndian(x, out var fx) || !AffinePoint.TryFromX(fx, oddY, out var point))
        {
            return false;
        }

        point.Y.WriteBigEndian(y);
        return true;
    }
}
