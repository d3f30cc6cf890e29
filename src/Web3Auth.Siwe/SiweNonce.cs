using System.Security.Cryptography;

namespace Web3Auth.Siwe;

/// <summary>Generates EIP-4361 nonces: alphanumeric, from a cryptographically secure random source.</summary>
public static class SiweNonce
{
    /// <summary>Length of a generated nonce: 20 characters of a 62-letter alphabet carry 119 bits of entropy.</summary>
    public const int Length = 20;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh nonce of <see cref="Length"/> alphanumeric characters (≥ 96 bits, as EIP-4361 asks for ≥ 64).</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
