using System.Globalization;

namespace Web3Auth.Siwe;

/// <summary>
/// The EIP-4361 rule for each field, shared by the parser and the builder so that both accept exactly the same
/// values. Each check returns <see langword="null"/> when the value is valid.
/// </summary>
internal static class SiweFieldRules
{
    public static SiweParseError? CheckScheme(string? scheme) =>
        scheme is null || Rfc3986.IsScheme(scheme)
            ? null
            : new(SiweField.Scheme, "The scheme must be an RFC 3986 scheme: a letter followed by letters, digits, '+', '-' or '.'.");

    public static SiweParseError? CheckDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return new(SiweField.Domain, "The domain is missing.");
        }

        return Rfc3986.IsAuthority(domain, requireHost: true)
            ? null
            : new(SiweField.Domain, "The domain must be an RFC 3986 authority: [userinfo@]host[:port].");
    }

    public static SiweParseError? CheckAddress(string? address, out EthereumAddress parsed)
    {
        if (string.IsNullOrEmpty(address))
        {
            parsed = default;
            return new(SiweField.Address, "The address is missing.");
        }

        return EthereumAddress.TryParseChecksummed(address, out parsed)
            ? null
            : new(SiweField.Address, "The address must be 0x followed by 40 hexadecimal digits, in its exact EIP-55 checksum form.");
    }

    // statement = *( reserved / unreserved / " " ). An empty statement is an empty line of its own (four LFs after the
    // address, as the reference parser's empty-statement rule reads it); no statement at all is three LFs.
    public static SiweParseError? CheckStatement(string? statement)
    {
        if (statement is null)
        {
            return null;
        }

        foreach (var c in statement)
        {
            if (!(Rfc3986.IsUnreserved(c) || Rfc3986.IsSubDelim(c) || Rfc3986.IsGenDelim(c) || c == ' '))
            {
                return new(SiweField.Statement, "The statement may only contain letters, digits, spaces and RFC 3986 reserved or unreserved characters; in particular no line break.");
            }
        }

        return null;
    }

    public static SiweParseError? CheckUri(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return new(SiweField.Uri, "The URI is missing.");
        }

        return Rfc3986.IsUri(uri)
            ? null
            : new(SiweField.Uri, "The URI must be an RFC 3986 URI with a scheme, such as https://example.com/login.");
    }

    public static SiweParseError? CheckVersion(string? version) =>
        version == SiweMessage.CurrentVersion
            ? null
            : new(SiweField.Version, "The version must be 1.");

    // chain-id = 1*DIGIT. Leading zeros are refused so that the number prints back as it was written.
    public static SiweParseError? CheckChainId(ReadOnlySpan<char> text, out ulong chainId)
    {
        chainId = 0;
        var error = new SiweParseError(SiweField.ChainId, "The chain ID must be a decimal number without leading zeros that fits in 64 bits.");
        if (text.IsEmpty || (text.Length > 1 && text[0] == '0'))
        {
            return error;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return error;
            }
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId) ? null : error;
    }

    // nonce = 8*( ALPHA / DIGIT )
    public static SiweParseError? CheckNonce(string? nonce)
    {
        var error = new SiweParseError(SiweField.Nonce, "The nonce must be at least 8 ASCII letters or digits.");
        if (nonce is null || nonce.Length < 8)
        {
            return error;
        }

        foreach (var c in nonce)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return error;
            }
        }

        return null;
    }

    public static SiweParseError? CheckTimestamp(SiweField field, string? text, out SiweTimestamp timestamp)
    {
        if (text is null)
        {
            timestamp = default;
            return new(field, "The timestamp is missing.");
        }

        return SiweTimestamp.TryParse(text, out timestamp, out var reason) ? null : new(field, reason);
    }

    // request-id = *pchar
    public static SiweParseError? CheckRequestId(string? requestId) =>
        requestId is null || Rfc3986.IsPcharString(requestId)
            ? null
            : new(SiweField.RequestId, "The request ID may only contain RFC 3986 path characters (pchar).");

    // resources = *( LF "- " URI )
    public static SiweParseError? CheckResources(IReadOnlyList<string?>? resources)
    {
        if (resources is null)
        {
            return null;
        }

        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            if (string.IsNullOrEmpty(resource) || !Rfc3986.IsUri(resource))
            {
                return new(SiweField.Resources, $"Resource {i + 1} must be an RFC 3986 URI with a scheme.");
            }
        }

        return null;
    }
}
