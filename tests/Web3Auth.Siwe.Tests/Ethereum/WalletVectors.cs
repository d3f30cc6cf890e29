using System.Text.Json;

namespace Web3Auth.Siwe.Tests.Ethereum;

/// <summary>
/// Reads tests/vectors/wallet/ethers-vectors.json, produced by the ethers wallet library
/// (tests/tools/wallet-vectors/generate.mjs).
/// </summary>
internal static class WalletVectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "wallet", "ethers-vectors.json"))).RootElement);

    public static IEnumerable<JsonElement> Section(string name) => Root.Value.GetProperty(name).EnumerateArray();

    public static byte[] Bytes(this JsonElement element, string property) =>
        Hex.TryDecode(element.GetProperty(property).GetString(), out var bytes) ? bytes : throw new InvalidDataException(property);

    public static string Text(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
