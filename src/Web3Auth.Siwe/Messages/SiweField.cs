namespace Web3Auth.Siwe;

/// <summary>The part of a Sign-In with Ethereum message that a <see cref="SiweParseError"/> is about.</summary>
public enum SiweField
{
    /// <summary>The message as a whole: missing, too long, wrong line endings, or a line where none is expected.</summary>
    Message = 0,

    /// <summary>The optional <c>scheme://</c> before the domain.</summary>
    Scheme,

    /// <summary>The RFC 3986 authority on the first line.</summary>
    Domain,

    /// <summary>The EIP-55 checksummed address on the second line.</summary>
    Address,

    /// <summary>The optional statement.</summary>
    Statement,

    /// <summary>The <c>URI:</c> line.</summary>
    Uri,

    /// <summary>The <c>Version:</c> line.</summary>
    Version,

    /// <summary>The <c>Chain ID:</c> line.</summary>
    ChainId,

    /// <summary>The <c>Nonce:</c> line.</summary>
    Nonce,

    /// <summary>The <c>Issued At:</c> line.</summary>
    IssuedAt,

    /// <summary>The optional <c>Expiration Time:</c> line.</summary>
    ExpirationTime,

    /// <summary>The optional <c>Not Before:</c> line.</summary>
    NotBefore,

    /// <summary>The optional <c>Request ID:</c> line.</summary>
    RequestId,

    /// <summary>The optional <c>Resources:</c> section and its <c>- URI</c> lines.</summary>
    Resources,
}
