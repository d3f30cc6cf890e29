namespace Web3Auth.Siwe.Crypto;

/// <summary>secp256k1 ECDSA public-key recovery, as Ethereum's <c>ecrecover</c> does it.</summary>
public static partial class Secp256k1
{
    /// <summary>Size of an <c>r‖s‖v</c> signature in bytes.</summary>
    public const int SignatureSize = 65;

    /// <summary>Size of an uncompressed public key without its <c>0x04</c> prefix (<c>X‖Y</c>).</summary>
    public const int PublicKeySize = 64;

    /// <summary>
    /// Recovers the public key that produced <paramref name="signature"/> (<c>r‖s‖v</c>, 65 bytes, v ∈ {0, 1, 27, 28})
    /// over the 32-byte <paramref name="hash"/>, writing <c>X‖Y</c> (64 bytes, big-endian) to <paramref name="publicKey"/>.
    /// Rejects r or s of zero or ≥ n, high s, an r that is not the x-coordinate of a curve point and a result at infinity.
    /// Never throws for bad signature bytes.
    /// </summary>
    public static bool TryRecoverPublicKey(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, Span<byte> publicKey, out SignatureError error)
    {
        throw new NotImplementedException();
    }
}
