using Web3Auth.Siwe;

namespace Web3Auth.Client;

/// <summary>
/// The account a session is signed in as: it signs the sign-in message (EIP-4361) as an EIP-191 personal message, as a
/// wallet's <c>personal_sign</c> does. The app supplies it: <see cref="Web3PrivateKeySigner"/> for a key the service
/// holds, or an adapter over a wallet library, a key vault or a user's wallet that is asked remotely.
/// </summary>
public interface IWeb3RootSigner
{
    /// <summary>The account's address; the sign-in asks for a session of this address.</summary>
    EthereumAddress Address { get; }

    /// <summary>
    /// Signs <paramref name="message"/> as an EIP-191 version 0x45 personal message (Keccak-256 of
    /// <c>"\x19Ethereum Signed Message:\n" + length + message</c>, the message as UTF-8) as <see cref="Address"/>.
    /// </summary>
    /// <param name="message">The sign-in message exactly as the server issued it.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The signature as <c>0x</c>-prefixed hex: 65 bytes <c>r‖s‖v</c> for an externally owned account (v = 27 or 28), or what a smart-contract wallet returns.</returns>
    ValueTask<string> SignPersonalMessageAsync(string message, CancellationToken cancellationToken);
}
