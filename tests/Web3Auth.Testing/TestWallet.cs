using System.Text;
using Web3Auth.Siwe;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Testing;

/// <summary>
/// An externally owned account with a real secp256k1 key, signing like a wallet's <c>personal_sign</c>
/// (EIP-191, <c>v</c> = 27/28). Signing goes through libsecp256k1, independent of the code under test.
/// </summary>
public sealed class TestWallet
{
    private readonly byte[] _secretKey;

    private TestWallet(byte[] secretKey)
    {
        _secretKey = secretKey;
        PublicKey = Libsecp256k1.Instance.CreatePublicKey(secretKey);
        Address = EthereumAddress.FromPublicKey(PublicKey);
    }

    /// <summary>The account address.</summary>
    public EthereumAddress Address { get; }

    /// <summary>The 64-byte uncompressed public key, <c>X‖Y</c>.</summary>
    public byte[] PublicKey { get; }

    /// <summary>A deterministic wallet per seed, so failures reproduce.</summary>
    public static TestWallet FromSeed(int seed) => new(Keccak256.Hash(Encoding.UTF8.GetBytes($"web3auth test wallet {seed}")));

    /// <summary>A wallet for a given private key in hex (big-endian, up to 32 bytes, with or without 0x).</summary>
    public static TestWallet FromHex(string privateKeyHex)
    {
        if (!Hex.TryDecode(privateKeyHex.Length % 2 == 0 ? privateKeyHex : "0" + privateKeyHex, out var bytes) || bytes.Length > 32)
        {
            throw new ArgumentException("Not a private key.", nameof(privateKeyHex));
        }

        var key = new byte[32];
        bytes.CopyTo(key, 32 - bytes.Length);
        return Libsecp256k1.Instance.IsValidSecretKey(key) ? new TestWallet(key) : throw new ArgumentException("Not a valid secp256k1 key.", nameof(privateKeyHex));
    }

    /// <summary>A wallet with a fresh random key.</summary>
    public static TestWallet Random()
    {
        while (true)
        {
            var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            if (Libsecp256k1.Instance.IsValidSecretKey(key))
            {
                return new TestWallet(key);
            }
        }
    }

    /// <summary>The 0x-hex signature a wallet returns for <c>personal_sign(message)</c>.</summary>
    public string SignPersonalMessage(string message) => Hex.Encode(Sign(message));

    /// <summary>The 65-byte <c>r‖s‖v</c> (v = 27/28) <c>personal_sign</c> signature of <paramref name="message"/>.</summary>
    public byte[] Sign(string message)
    {
        var signature = Libsecp256k1.Instance.SignRecoverable(PersonalMessage.Hash(message), _secretKey);
        signature[64] += 27;
        return signature;
    }
}
