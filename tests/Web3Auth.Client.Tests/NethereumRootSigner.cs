using Nethereum.Signer;
using Web3Auth.Siwe;

namespace Web3Auth.Client.Tests;

/// <summary>
/// The recipe in the README: a root signer over a Nethereum account. <see cref="EthereumMessageSigner"/> hashes the
/// message as EIP-191 personal_sign does and returns 0x-hex r‖s‖v with v = 27/28.
/// </summary>
public sealed class NethereumRootSigner(EthECKey key) : IWeb3RootSigner
{
    private readonly EthereumMessageSigner _signer = new();

    public EthereumAddress Address { get; } = EthereumAddress.Parse(key.GetPublicAddress());

    public ValueTask<string> SignPersonalMessageAsync(string message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_signer.EncodeUTF8AndSign(message, key));
}
