using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.Siwe;

/// <summary>
/// EIP-6492, signatures of smart-contract wallets that are not deployed yet (counterfactual): the wallet wraps its
/// EIP-1271 signature with the call that deploys it, <c>abi.encode(factory, factoryCalldata, signature)</c> followed by
/// the 32-byte magic suffix <c>0x6492…6492</c>. A verifier recognises the suffix, deploys the wallet inside an
/// <c>eth_call</c> and asks it (see <see cref="UniversalSignatureValidator"/>). Pure encoding; never throws on input.
/// </summary>
public static class Erc6492
{
    /// <summary><c>0x6492</c> repeated 16 times: the last 32 bytes of every wrapped signature.</summary>
    public static ReadOnlySpan<byte> MagicSuffix =>
    [
        0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92,
        0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92, 0x64, 0x92,
    ];

    /// <summary>
    /// Whether <paramref name="signature"/> ends with <see cref="MagicSuffix"/>. The suffix ends in <c>0x92</c>, which is
    /// never the <c>v</c> of a 65-byte ECDSA signature, so the two kinds cannot be confused.
    /// </summary>
    public static bool HasMagicSuffix(ReadOnlySpan<byte> signature) => signature.EndsWith(MagicSuffix);

    /// <summary>
    /// Splits a wrapped signature into its parts. Returns <see langword="false"/> when the suffix is missing or what
    /// precedes it is not a well-formed <c>abi.encode(address, bytes, bytes)</c> (with the bounds checks of Solidity's
    /// decoder, so every wrapper accepted here also decodes on chain).
    /// </summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> signature, [NotNullWhen(true)] out Erc6492Signature? wrapped)
    {
        wrapped = null;
        if (!HasMagicSuffix(signature))
        {
            return false;
        }

        var encoded = signature[..^MagicSuffix.Length];
        if (encoded.Length < 3 * AbiEncoding.WordSize
            || !AbiEncoding.TryReadAddress(encoded, 0, out var factory)
            || !AbiEncoding.TryReadBytes(encoded, AbiEncoding.WordSize, out var factoryCalldata)
            || !AbiEncoding.TryReadBytes(encoded, 2 * AbiEncoding.WordSize, out var inner))
        {
            return false;
        }

        wrapped = new Erc6492Signature(factory, factoryCalldata, inner);
        return true;
    }

    /// <summary>
    /// Wraps <paramref name="signature"/> for a wallet that <paramref name="factory"/> deploys when called with
    /// <paramref name="factoryCalldata"/>: <c>abi.encode(factory, factoryCalldata, signature) ‖ magicSuffix</c>.
    /// </summary>
    public static byte[] Wrap(EthereumAddress factory, ReadOnlySpan<byte> factoryCalldata, ReadOnlySpan<byte> signature)
    {
        const int Head = 3 * AbiEncoding.WordSize;
        var calldataSize = AbiEncoding.BytesSize(factoryCalldata.Length);
        var result = new byte[Head + calldataSize + AbiEncoding.BytesSize(signature.Length) + MagicSuffix.Length];
        var span = result.AsSpan();
        AbiEncoding.WriteAddress(span, factory);
        AbiEncoding.WriteUInt(span[AbiEncoding.WordSize..], Head);
        AbiEncoding.WriteUInt(span[(2 * AbiEncoding.WordSize)..], Head + calldataSize);
        AbiEncoding.WriteBytes(span[Head..], factoryCalldata);
        var end = Head + calldataSize + AbiEncoding.WriteBytes(span[(Head + calldataSize)..], signature);
        MagicSuffix.CopyTo(span[end..]);
        return result;
    }
}
