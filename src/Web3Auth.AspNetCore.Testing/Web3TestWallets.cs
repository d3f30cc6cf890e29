using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Web3Auth.Client;

namespace Web3Auth.AspNetCore.Testing;

/// <summary>
/// Wallets for tests: real secp256k1 keys (signing by NBitcoin.Secp256k1, as <see cref="Web3PrivateKeySigner"/> does),
/// derived from a seed so that a failing test names the same address every run. Never use them outside tests: anyone
/// can derive their keys.
/// </summary>
public static class Web3TestWallets
{
    /// <summary>The test wallet of <paramref name="seed"/>: the same key, hence the same address, every time.</summary>
    public static Web3PrivateKeySigner FromSeed(int seed)
    {
        // A SHA-256 output is a valid scalar except with probability below 2^-127; the next counter value then.
        for (var counter = 0; ; counter++)
        {
            var key = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Web3Auth.AspNetCore.Testing wallet {seed}/{counter}")));
            try
            {
                return new Web3PrivateKeySigner(key);
            }
            catch (ArgumentException)
            {
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }
}
