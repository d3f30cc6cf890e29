using System.Text;
using Web3Auth.Siwe;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.AspNetCore.Tests.SmartWallets.Evm;

/// <summary>Just enough ABI encoding to call the test contracts: selectors and static 32-byte arguments.</summary>
internal static class Abi
{
    public static byte[] Call(string signature, params byte[][] words) =>
        [.. Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).AsSpan(0, 4), .. words.SelectMany(w => w)];

    public static byte[] Address(EthereumAddress address) => [.. new byte[12], .. address.ToArray()];

    public static byte[] Bytes32(byte[] value) => value.Length == 32 ? value : throw new ArgumentException("32 bytes expected.", nameof(value));

    public static byte[] Salt(int value) => Bytes32([.. new byte[28], (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    public static EthereumAddress ReadAddress(byte[] word) => new(word.AsSpan(12, 20));
}
