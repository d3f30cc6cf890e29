namespace Web3Auth.Siwe;

/// <summary>
/// EIP-1271, signatures of smart-contract wallets: the wallet contract itself says whether a signature is valid,
/// through <c>isValidSignature(bytes32 hash, bytes signature) returns (bytes4)</c>, whose answer for "valid" is the
/// magic value <c>0x1626ba7e</c> (which is also the function's selector). Pure encoding; the call itself is an
/// <c>eth_call</c> made by the caller.
/// </summary>
public static class Erc1271
{
    /// <summary>
    /// <c>0x1626ba7e</c>: the selector of <c>isValidSignature(bytes32,bytes)</c>, and the value a wallet returns for
    /// a signature it accepts.
    /// </summary>
    public static ReadOnlySpan<byte> MagicValue => [0x16, 0x26, 0xba, 0x7e];

    /// <summary>
    /// The calldata of <c>isValidSignature(hash, signature)</c>: selector, the hash, the offset of the bytes (64), their
    /// length and the signature padded with zeros to a multiple of 32 bytes. Signatures of any length are encoded
    /// (a Safe multisig signature is 65 bytes per owner).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes.</exception>
    public static byte[] EncodeIsValidSignatureCall(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (hash.Length != AbiEncoding.WordSize)
        {
            throw new ArgumentException("The hash is 32 bytes.", nameof(hash));
        }

        var calldata = new byte[4 + (2 * AbiEncoding.WordSize) + AbiEncoding.BytesSize(signature.Length)];
        MagicValue.CopyTo(calldata);
        var arguments = calldata.AsSpan(4);
        hash.CopyTo(arguments);
        AbiEncoding.WriteUInt(arguments[AbiEncoding.WordSize..], 2 * AbiEncoding.WordSize);
        AbiEncoding.WriteBytes(arguments[(2 * AbiEncoding.WordSize)..], signature);
        return calldata;
    }

    /// <summary>
    /// Whether the return data of <c>isValidSignature</c> says "valid": its first 32-byte word is the ABI encoding
    /// of <c>bytes4</c> <c>0x1626ba7e</c>, that is the magic value followed by 28 zero bytes (the rule of
    /// OpenZeppelin's SignatureChecker and of Solidity's decoder). Anything else (empty, shorter, dirty padding,
    /// another value such as <c>0xffffffff</c>) is "not valid".
    /// </summary>
    public static bool IsValidSignatureResult(ReadOnlySpan<byte> returnData) =>
        returnData.Length >= AbiEncoding.WordSize
        && returnData[..4].SequenceEqual(MagicValue)
        && !returnData[4..AbiEncoding.WordSize].ContainsAnyExcept((byte)0);
}
