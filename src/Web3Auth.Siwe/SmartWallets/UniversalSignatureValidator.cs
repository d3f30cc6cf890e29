namespace Web3Auth.Siwe;

/// <summary>
/// The deployless universal signature validator of EIP-6492: contract creation code that is never deployed. Sent as
/// the <c>data</c> of an <c>eth_call</c> without <c>to</c>, followed by <c>abi.encode(signer, hash, signature)</c>, it
/// runs as a constructor on the node, deploys a counterfactual wallet when the signature is EIP-6492 wrapped, asks
/// the wallet through EIP-1271 (or checks an ECDSA signature of an account without code) and returns one byte:
/// <c>0x01</c> valid, <c>0x00</c> not valid. Nothing it does is kept: an <c>eth_call</c> changes no state.
/// </summary>
/// <remarks>
/// Its source is <c>UniversalSignatureValidator.sol</c> next to this file (written for this package from the EIP
/// texts, not copied); whatever the wallet or factory does, the answer is 0x00, so a JSON-RPC error means the node
/// could not run the code — not that the signature is invalid. The bytecode is compiled for the Paris EVM (no
/// <c>PUSH0</c>), so it runs on chains that never adopted Shanghai.
/// </remarks>
public static partial class UniversalSignatureValidator
{
    private static readonly byte[] CreationCode = Convert.FromHexString(CreationCodeHex);

    /// <summary>The creation code (a copy).</summary>
    public static byte[] GetCreationCode() => (byte[])CreationCode.Clone();

    /// <summary>
    /// The <c>data</c> of the <c>eth_call</c> (without <c>to</c>) that checks <paramref name="signature"/> of
    /// <paramref name="signer"/> over <paramref name="hash"/>: the creation code followed by the constructor arguments
    /// <c>abi.encode(address signer, bytes32 hash, bytes signature)</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static byte[] EncodeCall(EthereumAddress signer, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.Length != AbiEncoding.WordSize)
        {
            throw new ArgumentException("The hash is 32 bytes.", nameof(hash));
        }

        const int Head = 3 * AbiEncoding.WordSize;
        var data = new byte[CreationCode.Length + Head + AbiEncoding.BytesSize(signature.Length)];
        CreationCode.CopyTo(data, 0);
        var arguments = data.AsSpan(CreationCode.Length);
        AbiEncoding.WriteAddress(arguments, signer);
        hash.CopyTo(arguments[AbiEncoding.WordSize..]);
        AbiEncoding.WriteUInt(arguments[(2 * AbiEncoding.WordSize)..], Head);
        AbiEncoding.WriteBytes(arguments[Head..], signature);
        return data;
    }

    /// <summary>
    /// Reads the validator's answer: exactly one byte, <c>0x01</c> (<paramref name="isValid"/> true) or <c>0x00</c>.
    /// Returns <see langword="false"/> for anything else, which means the node did not run this code as expected.
    /// </summary>
    public static bool TryDecodeResult(ReadOnlySpan<byte> returnData, out bool isValid)
    {
        isValid = returnData is [0x01];
        return returnData is [0x00] or [0x01];
    }
}
