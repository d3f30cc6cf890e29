using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>Maps the protocol core's verification errors onto the HTTP error vocabulary.</summary>
internal static class SiweErrorMapping
{
    public static string ToHttpError(SiweErrorCode code) => code switch
    {
        SiweErrorCode.MalformedMessage => Web3ErrorCodes.MalformedMessage,
        SiweErrorCode.InvalidSignature or SiweErrorCode.AddressMismatch => Web3ErrorCodes.InvalidSignature,
        SiweErrorCode.ExpiredMessage => Web3ErrorCodes.MessageExpired,
        SiweErrorCode.NotYetValid or SiweErrorCode.IssuedInFuture => Web3ErrorCodes.MessageNotYetValid,
        SiweErrorCode.DomainMismatch or SiweErrorCode.SchemeMismatch => Web3ErrorCodes.DomainMismatch,
        SiweErrorCode.UriMismatch => Web3ErrorCodes.UriMismatch,
        SiweErrorCode.ChainNotAllowed => Web3ErrorCodes.ChainNotAllowed,
        SiweErrorCode.NonceMismatch => Web3ErrorCodes.InvalidNonce,
        _ => Web3ErrorCodes.InvalidSignature,
    };
}
