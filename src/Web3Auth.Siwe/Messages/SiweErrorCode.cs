namespace Web3Auth.Siwe;

/// <summary>
/// Why a signed Sign-In with Ethereum message was refused. The set is fixed; each value has a stable snake_case
/// code (<see cref="SiweErrorCodeExtensions.ToCode(SiweErrorCode)"/>) that may be shown to clients and logged.
/// </summary>
public enum SiweErrorCode
{
    /// <summary><c>malformed_message</c>: the text is not a valid EIP-4361 message.</summary>
    MalformedMessage = 1,

    /// <summary><c>invalid_signature</c>: the signature is not a usable 65-byte secp256k1 signature.</summary>
    InvalidSignature = 2,

    /// <summary><c>message_expired</c>: the Expiration Time has passed (beyond the allowed clock skew).</summary>
    ExpiredMessage = 3,

    /// <summary><c>message_not_yet_valid</c>: the Not Before time has not come (beyond the allowed clock skew).</summary>
    NotYetValid = 4,

    /// <summary><c>issued_in_future</c>: the Issued At time is later than now (beyond the allowed clock skew).</summary>
    IssuedInFuture = 5,

    /// <summary><c>domain_mismatch</c>: the message's domain is not the expected one.</summary>
    DomainMismatch = 6,

    /// <summary><c>scheme_mismatch</c>: the message states a scheme other than the expected one.</summary>
    SchemeMismatch = 7,

    /// <summary><c>uri_mismatch</c>: the message's URI does not have the expected origin.</summary>
    UriMismatch = 8,

    /// <summary><c>chain_not_allowed</c>: the message's chain ID is not one of the allowed chains.</summary>
    ChainNotAllowed = 9,

    /// <summary><c>nonce_mismatch</c>: the message's nonce is not the expected one.</summary>
    NonceMismatch = 10,

    /// <summary><c>address_mismatch</c>: the signature is valid but was made by another account than the message's address.</summary>
    AddressMismatch = 11,
}
