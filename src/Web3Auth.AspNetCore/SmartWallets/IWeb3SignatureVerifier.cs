using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Decides whether a message's address signed it: an externally owned account by ecrecover, a smart-contract wallet
/// by asking it on the message's chain (EIP-1271, EIP-6492). The seam between the login flow and the chain.
/// </summary>
internal interface IWeb3SignatureVerifier
{
    /// <summary>Verifies the hexadecimal <paramref name="signature"/> of the EIP-4361 <paramref name="message"/>.</summary>
    Task<SignatureVerification> VerifyAsync(SiweMessage message, string signature, Web3SessionKeyOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the smart-contract wallet at <paramref name="address"/> again whether it accepts <paramref name="signature"/>
    /// over <paramref name="messageHash"/> (session revalidation). Never accepts by ecrecover.
    /// </summary>
    Task<SignatureVerification> VerifyContractAsync(ulong chainId, EthereumAddress address, byte[] messageHash, byte[] signature, Web3SessionKeyOptions options, CancellationToken cancellationToken);
}
