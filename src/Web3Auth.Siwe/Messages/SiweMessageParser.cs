namespace Web3Auth.Siwe;

/// <summary>
/// The strict EIP-4361 parser behind <see cref="SiweMessage.TryParse(string?, out SiweMessage?, out SiweParseError?)"/>.
/// It reads the message line by line in the order the grammar fixes, checks every field with
/// <see cref="SiweFieldRules"/>, and reports the first field at fault. It never throws.
/// </summary>
internal static class SiweMessageParser
{
    // The tags that start a field line, for naming the field of a line that is out of place.
    private static readonly (string Tag, SiweField Field)[] Tags =
    [
        (SiweMessage.UriTag.TrimEnd(), SiweField.Uri),
        (SiweMessage.VersionTag.TrimEnd(), SiweField.Version),
        (SiweMessage.ChainIdTag.TrimEnd(), SiweField.ChainId),
        (SiweMessage.NonceTag.TrimEnd(), SiweField.Nonce),
        (SiweMessage.IssuedAtTag.TrimEnd(), SiweField.IssuedAt),
        (SiweMessage.ExpirationTimeTag.TrimEnd(), SiweField.ExpirationTime),
        (SiweMessage.NotBeforeTag.TrimEnd(), SiweField.NotBefore),
        (SiweMessage.RequestIdTag.TrimEnd(), SiweField.RequestId),
        (SiweMessage.ResourcesTag, SiweField.Resources),
    ];

    public static bool TryParse(string? text, out SiweMessage? message, out SiweParseError? error)
    {
        error = Parse(text, out message);
        return error is null;
    }

    private static SiweParseError? Parse(string? text, out SiweMessage? message)
    {
        message = null;
        if (text is null)
        {
            return new(SiweField.Message, "The message is missing.");
        }

        if (text.Length > SiweMessage.MaxLength)
        {
            return new(SiweField.Message, $"The message is longer than {SiweMessage.MaxLength} characters.");
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            return new(SiweField.Message, "Lines must be separated by LF alone; CR is not allowed.");
        }

        var lines = new Lines(text.Split('\n'));

        // [ scheme "://" ] domain " wants you to sign in with your Ethereum account:" LF
        var first = lines.Next()!;
        if (!first.EndsWith(SiweMessage.Preamble, StringComparison.Ordinal))
        {
            return new(SiweField.Message, "Not a Sign-In with Ethereum message: the first line must be '[scheme://]domain wants you to sign in with your Ethereum account:'.");
        }

        var domain = first[..^SiweMessage.Preamble.Length];
        string? scheme = null;
        var schemeEnd = domain.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = domain[..schemeEnd];
            domain = domain[(schemeEnd + 3)..];
            if (SiweFieldRules.CheckScheme(scheme) is { } schemeError)
            {
                return schemeError;
            }
        }

        if (SiweFieldRules.CheckDomain(domain) is { } domainError)
        {
            return domainError;
        }

        // address LF LF
        if (SiweFieldRules.CheckAddress(lines.Next(), out var address) is { } addressError)
        {
            return addressError;
        }

        if (lines.Next() is not "")
        {
            return new(SiweField.Address, "The address must be followed by an empty line.");
        }

        // [ statement LF ] LF: three LFs after the address mean no statement, four an empty one.
        string? statement = null;
        var line = lines.Next();
        if (line is null)
        {
            return new(SiweField.Uri, "The message ends before the 'URI: ' line.");
        }

        if (line.Length > 0 || lines.Peek() is "")
        {
            if (lines.Peek() is not "")
            {
                return line.StartsWith(SiweMessage.UriTag, StringComparison.Ordinal)
                    ? new(SiweField.Statement, "Without a statement, the address must be followed by two empty lines.")
                    : new(SiweField.Statement, "The statement must fit on one line and be followed by an empty line.");
            }

            statement = line;
            if (SiweFieldRules.CheckStatement(statement) is { } statementError)
            {
                return statementError;
            }

            lines.Next();
        }

        // "URI: " uri LF
        if (!lines.TryTake(SiweMessage.UriTag, out var uri))
        {
            return Missing(SiweField.Uri, SiweMessage.UriTag);
        }

        if (SiweFieldRules.CheckUri(uri) is { } uriError)
        {
            return uriError;
        }

        // "Version: " version LF
        if (!lines.TryTake(SiweMessage.VersionTag, out var version))
        {
            return Missing(SiweField.Version, SiweMessage.VersionTag);
        }

        if (SiweFieldRules.CheckVersion(version) is { } versionError)
        {
            return versionError;
        }

        // "Chain ID: " chain-id LF
        if (!lines.TryTake(SiweMessage.ChainIdTag, out var chainIdText))
        {
            return Missing(SiweField.ChainId, SiweMessage.ChainIdTag);
        }

        if (SiweFieldRules.CheckChainId(chainIdText, out var chainId) is { } chainIdError)
        {
            return chainIdError;
        }

        // "Nonce: " nonce LF
        if (!lines.TryTake(SiweMessage.NonceTag, out var nonce))
        {
            return Missing(SiweField.Nonce, SiweMessage.NonceTag);
        }

        if (SiweFieldRules.CheckNonce(nonce) is { } nonceError)
        {
            return nonceError;
        }

        // "Issued At: " issued-at
        if (!lines.TryTake(SiweMessage.IssuedAtTag, out var issuedAtText))
        {
            return Missing(SiweField.IssuedAt, SiweMessage.IssuedAtTag);
        }

        if (SiweFieldRules.CheckTimestamp(SiweField.IssuedAt, issuedAtText, out var issuedAt) is { } issuedAtError)
        {
            return issuedAtError;
        }

        // [ LF "Expiration Time: " expiration-time ]
        SiweTimestamp? expirationTime = null;
        if (lines.TryTake(SiweMessage.ExpirationTimeTag, out var expirationTimeText))
        {
            if (SiweFieldRules.CheckTimestamp(SiweField.ExpirationTime, expirationTimeText, out var value) is { } error)
            {
                return error;
            }

            expirationTime = value;
        }

        // [ LF "Not Before: " not-before ]
        SiweTimestamp? notBefore = null;
        if (lines.TryTake(SiweMessage.NotBeforeTag, out var notBeforeText))
        {
            if (SiweFieldRules.CheckTimestamp(SiweField.NotBefore, notBeforeText, out var value) is { } error)
            {
                return error;
            }

            notBefore = value;
        }

        // [ LF "Request ID: " request-id ]
        string? requestId = null;
        if (lines.TryTake(SiweMessage.RequestIdTag, out var requestIdText))
        {
            if (SiweFieldRules.CheckRequestId(requestIdText) is { } error)
            {
                return error;
            }

            requestId = requestIdText;
        }

        // [ LF "Resources:" *( LF "- " URI ) ]
        List<string>? resources = null;
        if (lines.Peek() == SiweMessage.ResourcesTag)
        {
            lines.Next();
            resources = [];
            while (lines.TryTake(SiweMessage.ResourcePrefix, out var resource))
            {
                resources.Add(resource);
            }

            if (SiweFieldRules.CheckResources(resources) is { } resourcesError)
            {
                return resourcesError;
            }
        }

        if (lines.Peek() is { } extra)
        {
            return Unexpected(extra);
        }

        message = new SiweMessage(
            scheme, domain, address, statement, uri, chainId, nonce, issuedAt, expirationTime, notBefore, requestId, resources, text);
        return null;
    }

    private static SiweParseError Missing(SiweField field, string tag) =>
        new(field, $"Expected a line starting with '{tag}' here: the fields must appear in the order of EIP-4361.");

    private static SiweParseError Unexpected(string line)
    {
        foreach (var (tag, field) in Tags)
        {
            if (line.StartsWith(tag, StringComparison.Ordinal))
            {
                return new(field, $"Unexpected '{tag}' line: each field appears at most once, in the order of EIP-4361.");
            }
        }

        if (line.StartsWith('-'))
        {
            return new(SiweField.Resources, "A resource line is '- ' followed by a URI, under 'Resources:' or another resource.");
        }

        return line.Length == 0
            ? new(SiweField.Message, "Unexpected empty line; the message must not end with a line break.")
            : new(SiweField.Message, "Unexpected line after the last field.");
    }

    // A cursor over the lines of the message; past the end every read yields null.
    private sealed class Lines(string[] lines)
    {
        private int _index;

        public string? Peek() => _index < lines.Length ? lines[_index] : null;

        public string? Next() => _index < lines.Length ? lines[_index++] : null;

        public bool TryTake(string tag, out string value)
        {
            if (Peek() is { } line && line.StartsWith(tag, StringComparison.Ordinal))
            {
                value = line[tag.Length..];
                _index++;
                return true;
            }

            value = string.Empty;
            return false;
        }
    }
}
