namespace Web3Auth.Siwe;

/// <summary>
/// A strict, allocation-light checker for the RFC 3986 (Appendix A) productions that EIP-4361 uses:
/// <c>URI</c>, <c>authority</c>, <c>scheme</c> and <c>pchar</c>. Unlike <see cref="System.Uri"/> it accepts exactly
/// the grammar: no whitespace, no non-ASCII, no implicit fix-ups, a scheme is mandatory.
/// </summary>
/// <remarks>
/// <code>
/// URI         = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
/// hier-part   = "//" authority path-abempty / path-absolute / path-rootless / path-empty
/// authority   = [ userinfo "@" ] host [ ":" port ]
/// host        = IP-literal / IPv4address / reg-name
/// </code>
/// Every IPv4address is also a reg-name, so hosts that are not IP literals are checked as reg-names.
/// IPv6 zone identifiers (RFC 6874) are not part of RFC 3986 and are rejected.
/// </remarks>
internal static class Rfc3986
{
    /// <summary>The parts of an absolute URI that define its origin.</summary>
    internal readonly record struct UriOrigin(string Scheme, string? Host, string? Port);

    /// <summary>Whether <paramref name="text"/> matches <c>URI</c>.</summary>
    public static bool IsUri(ReadOnlySpan<char> text) => TryGetOrigin(text, out _, out _);

    /// <summary>
    /// Checks <paramref name="text"/> against <c>URI</c> and returns its scheme, host and port
    /// (host and port are <see langword="null"/> when the URI has no authority; port is <see langword="null"/> when absent
    /// or empty). <paramref name="pathQueryFragmentEmpty"/> tells whether the URI has nothing after the authority but an
    /// optional single <c>/</c>.
    /// </summary>
    public static bool TryGetOrigin(ReadOnlySpan<char> text, out UriOrigin origin, out bool pathQueryFragmentEmpty)
    {
        origin = default;
        pathQueryFragmentEmpty = false;

        var colon = text.IndexOf(':');
        if (colon < 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var scheme = text[..colon];
        var rest = text[(colon + 1)..];

        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!IsQueryOrFragment(rest[(hash + 1)..]))
            {
                return false;
            }

            rest = rest[..hash];
        }

        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!IsQueryOrFragment(rest[(question + 1)..]))
            {
                return false;
            }

            rest = rest[..question];
        }

        string? host = null;
        string? port = null;
        ReadOnlySpan<char> path;
        if (rest.StartsWith("//"))
        {
            var afterSlashes = rest[2..];
            var pathStart = afterSlashes.IndexOf('/');
            var authority = pathStart < 0 ? afterSlashes : afterSlashes[..pathStart];
            if (!TrySplitAuthority(authority, out var hostSpan, out var portSpan))
            {
                return false;
            }

            host = hostSpan.ToString();
            port = portSpan.IsEmpty ? null : portSpan.ToString();
            path = pathStart < 0 ? [] : afterSlashes[pathStart..];
        }
        else
        {
            path = rest;
        }

        // path-abempty, path-absolute, path-rootless and path-empty are, once "//" has been handled above,
        // exactly the strings made of pchar and "/".
        if (!IsMadeOf(path, CharClass.Path))
        {
            return false;
        }

        origin = new UriOrigin(scheme.ToString(), host, port);
        pathQueryFragmentEmpty = host is not null && question < 0 && hash < 0 && (path.IsEmpty || path.SequenceEqual("/"));
        return true;
    }

    /// <summary>Whether <paramref name="text"/> matches <c>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c>.</summary>
    public static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text[1..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> matches <c>authority</c>. With <paramref name="requireHost"/> an empty host
    /// (allowed by RFC 3986, as in <c>file:///</c>) is rejected, as a sign-in domain must name a host.
    /// </summary>
    public static bool IsAuthority(ReadOnlySpan<char> text, bool requireHost) =>
        TrySplitAuthority(text, out var host, out _) && (!requireHost || !host.IsEmpty);

    /// <summary>Whether <paramref name="text"/> is <c>*pchar</c>.</summary>
    public static bool IsPcharString(ReadOnlySpan<char> text) => IsMadeOf(text, CharClass.Pchar);

    /// <summary>Whether <paramref name="c"/> is in <c>unreserved</c>: <c>ALPHA / DIGIT / "-" / "." / "_" / "~"</c>.</summary>
    public static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>Whether <paramref name="c"/> is in <c>sub-delims</c>.</summary>
    public static bool IsSubDelim(char c) => c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    /// <summary>Whether <paramref name="c"/> is in <c>gen-delims</c>.</summary>
    public static bool IsGenDelim(char c) => c is ':' or '/' or '?' or '#' or '[' or ']' or '@';

    // authority = [ userinfo "@" ] host [ ":" port ]
    private static bool TrySplitAuthority(ReadOnlySpan<char> authority, out ReadOnlySpan<char> host, out ReadOnlySpan<char> port)
    {
        host = default;
        port = default;

        // Neither host nor port may contain "@", so the first one ends the userinfo.
        var at = authority.IndexOf('@');
        if (at >= 0)
        {
            if (!IsMadeOf(authority[..at], CharClass.UserInfo))
            {
                return false;
            }

            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<char> afterHost;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || !IsIpLiteralContent(authority[1..close]))
            {
                return false;
            }

            host = authority[..(close + 1)];
            afterHost = authority[(close + 1)..];
        }
        else
        {
            // reg-name never contains ":", so the first one starts the port.
            var colon = authority.IndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            afterHost = colon < 0 ? [] : authority[colon..];
            if (!IsMadeOf(host, CharClass.RegName))
            {
                return false;
            }
        }

        if (afterHost.IsEmpty)
        {
            return true;
        }

        if (afterHost[0] != ':')
        {
            return false;
        }

        port = afterHost[1..];
        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // IP-literal = "[" ( IPv6address / IPvFuture ) "]"; this checks what is between the brackets.
    private static bool IsIpLiteralContent(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty && (text[0] is 'v' or 'V'))
        {
            // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            var dot = text.IndexOf('.');
            if (dot < 2 || dot == text.Length - 1)
            {
                return false;
            }

            foreach (var c in text[1..dot])
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            foreach (var c in text[(dot + 1)..])
            {
                if (!(IsUnreserved(c) || IsSubDelim(c) || c == ':'))
                {
                    return false;
                }
            }

            return true;
        }

        return IsIpv6Address(text);
    }

    /// <summary>
    /// Whether <paramref name="text"/> matches <c>IPv6address</c>: eight 16-bit groups, or fewer around a single
    /// <c>::</c> (which stands for at least one group), the last two groups optionally written as an IPv4 address.
    /// </summary>
    public static bool IsIpv6Address(ReadOnlySpan<char> text)
    {
        var doubleColon = text.IndexOf("::");
        if (doubleColon < 0)
        {
            return CountGroups(text, allowIpv4Tail: true, out var groups) && groups == 8;
        }

        var left = text[..doubleColon];
        var right = text[(doubleColon + 2)..];
        if (right.IndexOf("::") >= 0)
        {
            return false;
        }

        var leftGroups = 0;
        if (!left.IsEmpty && !CountGroups(left, allowIpv4Tail: false, out leftGroups))
        {
            return false;
        }

        var rightGroups = 0;
        if (!right.IsEmpty && !CountGroups(right, allowIpv4Tail: true, out rightGroups))
        {
            return false;
        }

        return leftGroups + rightGroups <= 7;
    }

    // h16 *( ":" h16 ) [ ":" IPv4address ] with no empty group; an IPv4 tail counts as two groups.
    private static bool CountGroups(ReadOnlySpan<char> text, bool allowIpv4Tail, out int groups)
    {
        groups = 0;
        while (true)
        {
            var colon = text.IndexOf(':');
            var group = colon < 0 ? text : text[..colon];
            if (colon < 0 && allowIpv4Tail && group.Contains('.'))
            {
                if (!IsIpv4Address(group))
                {
                    return false;
                }

                groups += 2;
                return true;
            }

            if (group.IsEmpty || group.Length > 4)
            {
                return false;
            }

            foreach (var c in group)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }

            groups++;
            if (colon < 0)
            {
                return true;
            }

            text = text[(colon + 1)..];
        }
    }

    /// <summary>Whether <paramref name="text"/> matches <c>IPv4address</c> (four dec-octets 0–255 without leading zeros).</summary>
    public static bool IsIpv4Address(ReadOnlySpan<char> text)
    {
        for (var octet = 0; octet < 4; octet++)
        {
            var dot = text.IndexOf('.');
            if ((octet < 3) != (dot >= 0))
            {
                return false;
            }

            var part = dot < 0 ? text : text[..dot];
            if (part.IsEmpty || part.Length > 3 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var value = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }

            text = dot < 0 ? [] : text[(dot + 1)..];
        }

        return true;
    }

    private enum CharClass
    {
        // unreserved / pct-encoded / sub-delims
        RegName,

        // unreserved / pct-encoded / sub-delims / ":"
        UserInfo,

        // unreserved / pct-encoded / sub-delims / ":" / "@"
        Pchar,

        // pchar / "/"
        Path,

        // pchar / "/" / "?"
        QueryOrFragment,
    }

    private static bool IsQueryOrFragment(ReadOnlySpan<char> text) => IsMadeOf(text, CharClass.QueryOrFragment);

    private static bool IsMadeOf(ReadOnlySpan<char> text, CharClass charClass)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                // pct-encoded = "%" HEXDIG HEXDIG
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    return false;
                }

                i += 2;
                continue;
            }

            var allowed = IsUnreserved(c) || IsSubDelim(c) || charClass switch
            {
                CharClass.RegName => false,
                CharClass.UserInfo => c == ':',
                CharClass.Pchar => c is ':' or '@',
                CharClass.Path => c is ':' or '@' or '/',
                CharClass.QueryOrFragment => c is ':' or '@' or '/' or '?',
                _ => false,
            };
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }
}
