using System.Globalization;
using System.Text;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe;

/// <summary>
/// EIP-191 version <c>0x45</c> ("personal_sign"): the hash a wallet signs for a text message, and the recovery of
/// the account that signed it.
/// </summary>
public static class PersonalMessage
{
    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>Keccak-256 of <c>"\x19Ethereum Signed Message:\n" + len(message) + message</c>, message as UTF-8.</summary>
    public static byte[] Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(Encoding.UTF8.GetBytes(message));
    }

    /// <summary>Keccak-256 of <c>"\x19Ethereum Signed Message:\n" + len(message) + message</c>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var length = message.Length.ToString(CultureInfo.InvariantCulture);
        var prefixed = new byte[Prefix.Length + length.Length + message.Length];
        Prefix.CopyTo(prefixed);
        Encoding.ASCII.GetBytes(length, prefixed.AsSpan(Prefix.Length));
        message.CopyTo(prefixed.AsSpan(Prefix.Length + length.Length));
        return Keccak256.Hash(prefixed);
    }

    /// <summary>
    /// Recovers the account that signed <paramref name="message"/> with <c>personal_sign</c>.
    /// Returns <see langword="false"/> with the reason in <paramref name="error"/> for any unusable signature.
    /// </summary>
    public static bool TryRecoverSigner(string message, ReadOnlySpan<byte> signature, out EthereumAddress signer, out SignatureError error)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryRecoverSigner(Encoding.UTF8.GetBytes(message), signature, out signer, out error);
    }

    /// <inheritdoc cref="TryRecoverSigner(string, ReadOnlySpan{byte}, out EthereumAddress, out SignatureError)"/>
    public static bool TryRecoverSigner(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, out EthereumAddress signer, out SignatureError error)
    {
        signer = default;
        Span<byte> publicKey = stackalloc byte[Secp256k1.PublicKeySize];
        if (!Secp256k1.TryRecoverPublicKey(Hash(message), signature, publicKey, out error))
        {
            return false;
        }

        signer = EthereumAddress.FromPublicKey(publicKey);
        if (signer.IsZero)
        {
            error = SignatureError.ZeroAddress;
            return false;
        }

        return true;
    }
}
