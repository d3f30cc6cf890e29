using System.Buffers.Text;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Decoding of base64url that accepts exactly one spelling per byte string: no padding, no whitespace, and a last
/// character whose unused bits are zero. Every credential and JOSE part the package reads goes through here, so a
/// value has one form (one token per secret, one proof per signature) and a crafted one cannot throw.
/// </summary>
internal static class Base64UrlCanonical
{
    /// <summary>Decodes <paramref name="text"/> when it is the canonical encoding of exactly <paramref name="destination"/>'s length.</summary>
    public static bool TryDecodeExact(ReadOnlySpan<char> text, Span<byte> destination) =>
        text.Length == Base64Url.GetEncodedLength(destination.Length) && TryDecode(text, destination, out var written) && written == destination.Length;

    /// <summary>Decodes canonical base64url of any length up to <paramref name="destination"/>'s; false otherwise.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        // Base64Url.TryDecodeFromChars throws FormatException (instead of returning false) for '+', '/', '=' and for a
        // non-canonical last character; IsValid first, then a round trip to insist on the canonical spelling.
        if (!Base64Url.IsValid(text, out var decodedLength) || decodedLength > destination.Length)
        {
            return false;
        }

        try
        {
            if (!Base64Url.TryDecodeFromChars(text, destination, out written) || written != decodedLength)
            {
                return false;
            }

            Span<char> canonical = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
            return Base64Url.TryEncodeToChars(destination[..written], canonical, out var length) && length == text.Length &&
                   canonical.SequenceEqual(text);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
