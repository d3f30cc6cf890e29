namespace Web3Auth.Siwe;

/// <summary>
/// The keys of a ReCap's <c>att</c> object: absolute URIs (EIP-5573 schema <c>"format": "uri"</c>, pattern
/// <c>^.+:.*$</c>).
/// </summary>
internal static class ReCapResourceUri
{
    /// <summary>
    /// RFC 3986 <c>scheme ":"</c> followed only by URI characters (unreserved, reserved, or <c>%</c> and two hex
    /// digits). Rejecting spaces, quotes and control characters also keeps the translated statement unambiguous.
    /// </summary>
    public static bool IsValid(string? uri)
    {
        if (string.IsNullOrEmpty(uri) || !IsAsciiLetter(uri[0]))
        {
            return false;
        }

        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = uri[i];
            if (!IsAsciiLetter(c) && !char.IsAsciiDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        for (var i = colon + 1; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c == '%')
            {
                if (i + 2 >= uri.Length || !char.IsAsciiHexDigit(uri[i + 1]) || !char.IsAsciiHexDigit(uri[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!IsUriChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    // unreserved / gen-delims / sub-delims of RFC 3986 §2.2–2.3.
    private static bool IsUriChar(char c) =>
        IsAsciiLetter(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_' or '~'
            or ':' or '/' or '?' or '#' or '[' or ']' or '@'
            or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';
}
