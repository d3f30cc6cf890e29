namespace Web3Auth.Siwe;

/// <summary>The stable wire codes of <see cref="SiweErrorCode"/>.</summary>
public static class SiweErrorCodeExtensions
{
    /// <summary>
    /// The stable snake_case code, for example <c>message_expired</c> for <see cref="SiweErrorCode.ExpiredMessage"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not a defined value.</exception>
    public static string ToCode(this SiweErrorCode code) => code switch
    {
        SiweErrorCode.MalformedMessage => "malformed_message",
        SiweErrorCode.InvalidSignature => "invalid_signature",
        SiweErrorCode.ExpiredMessage => "message_expired",
        SiweErrorCode.NotYetValid => "message_not_yet_valid",
        SiweErrorCode.IssuedInFuture => "issued_in_future",
        SiweErrorCode.DomainMismatch => "domain_mismatch",
        SiweErrorCode.SchemeMismatch => "scheme_mismatch",
        SiweErrorCode.UriMismatch => "uri_mismatch",
        SiweErrorCode.ChainNotAllowed => "chain_not_allowed",
        SiweErrorCode.NonceMismatch => "nonce_mismatch",
        SiweErrorCode.AddressMismatch => "address_mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a defined Sign-In with Ethereum error code."),
    };
}
