namespace Web3Auth.Siwe;

/// <summary>
/// The parts of an EIP-6492 wrapped signature: the call that deploys (or prepares) the wallet, and the EIP-1271
/// signature the deployed wallet is asked about.
/// </summary>
public sealed class Erc6492Signature
{
    /// <summary>Creates the parts; see <see cref="Erc6492.Wrap"/> to encode them.</summary>
    public Erc6492Signature(EthereumAddress factory, byte[] factoryCalldata, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(factoryCalldata);
        ArgumentNullException.ThrowIfNull(signature);
        Factory = factory;
        FactoryCalldata = factoryCalldata;
        Signature = signature;
    }

    /// <summary>The contract to call, typically a CREATE2 factory.</summary>
    public EthereumAddress Factory { get; }

    /// <summary>The calldata for <see cref="Factory"/> that deploys the wallet at its counterfactual address.</summary>
    public byte[] FactoryCalldata { get; }

    /// <summary>The signature the wallet's <c>isValidSignature</c> accepts once deployed.</summary>
    public byte[] Signature { get; }
}
