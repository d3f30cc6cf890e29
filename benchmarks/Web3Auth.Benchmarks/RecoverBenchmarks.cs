using BenchmarkDotNet.Attributes;
using NBitcoin.Secp256k1;
using Nethereum.Signer;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using Web3Auth.Siwe;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Testing;
using BouncyInteger = Org.BouncyCastle.Math.BigInteger;

namespace Web3Auth.Benchmarks;

/// <summary>
/// secp256k1 public-key recovery (Ethereum's ecrecover) of one personal_sign signature: ours, libsecp256k1 (the C
/// library Bitcoin Core uses; the limit), and what a .NET application would otherwise pick: NBitcoin.Secp256k1 (the
/// managed libsecp256k1 port), Nethereum.Signer (<c>EthECKey.RecoverFromSignature</c>) and BouncyCastle's point API.
/// Same hash and 65-byte signature for all; each starts from those bytes. Two more rows go from the message text to
/// the signer's address, as a sign-in does: ours (<c>PersonalMessage.TryRecoverSigner</c>) and Nethereum's
/// (<c>EthereumMessageSigner.EncodeUTF8AndEcRecover</c>, which takes the signature in hex as wallets return it). The
/// set-up checks that every row recovers the signer's address and throws otherwise.
/// </summary>
[BenchmarkCategory("Recover")]
public class RecoverBenchmarks
{
    // BouncyCastle's fastest secp256k1: the custom curve with its special reduction and GLV endomorphism.
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    private const string Message = "app.example.com wants you to sign in with your Ethereum account";

    private readonly EthereumMessageSigner _nethereumSigner = new();
    private byte[] _hash = [];
    private byte[] _signature = [];
    private byte[] _compact = [];
    private string _signatureHex = "";
    private int _recoveryId;

    [GlobalSetup]
    public void Setup()
    {
        var wallet = TestWallet.FromSeed(7);
        _hash = PersonalMessage.Hash(Message);
        _signature = wallet.Sign(Message);
        _signatureHex = Hex.Encode(_signature);
        _compact = _signature[..64];
        _recoveryId = _signature[64] - 27;

        var ours = new byte[Secp256k1.PublicKeySize];
        var nbitcoin = new byte[65];
        var recovered = new (string Row, string? Address)[]
        {
            (nameof(Web3AuthRecover), Secp256k1.TryRecoverPublicKey(_hash, _signature, ours, out _) ? AddressOf(ours) : null),
            (nameof(Libsecp256k1Recover), Libsecp256k1Recover() is { } key ? AddressOf(key) : null),
            (nameof(BouncyCastleRecover), AddressOf(BouncyCastleRecover().AsSpan(1))),
            (nameof(NBitcoinRecover), NBitcoinRecover() is { } pubKey ? AddressOf(Uncompressed(pubKey, nbitcoin)) : null),
            (nameof(NethereumRecover), NethereumRecover().GetPublicAddress()),
            (nameof(Web3AuthRecoverSigner), PersonalMessage.TryRecoverSigner(Message, _signature, out var signer, out _) ? signer.ToString() : null),
            (nameof(NethereumEcRecover), NethereumEcRecover()),
        };
        var wrong = recovered.Where(r => !string.Equals(r.Address, wallet.Address.ToString(), StringComparison.Ordinal)).ToArray();
        if (wrong.Length > 0)
        {
            throw new InvalidOperationException(
                $"Expected {wallet.Address} from every row; " + string.Join(", ", wrong.Select(r => $"{r.Row} recovered {r.Address ?? "nothing"}")));
        }
    }

    [Benchmark]
    public bool Web3AuthRecover()
    {
        Span<byte> publicKey = stackalloc byte[Secp256k1.PublicKeySize];
        return Secp256k1.TryRecoverPublicKey(_hash, _signature, publicKey, out _);
    }

    [Benchmark(Baseline = true)]
    public byte[]? Libsecp256k1Recover() => Libsecp256k1.Instance.Recover(_hash, _compact, _recoveryId);

    // Q = r⁻¹·(s·R − e·G), the textbook recovery over BouncyCastle's point API.
    [Benchmark]
    public byte[] BouncyCastleRecover()
    {
        var n = Curve.N;
        var r = new BouncyInteger(1, _signature, 0, 32);
        var s = new BouncyInteger(1, _signature, 32, 32);
        var compressedR = new byte[33];
        compressedR[0] = (byte)(0x02 + (_recoveryId & 1));
        Array.Copy(_signature, 0, compressedR, 1, 32);
        var bigR = Curve.Curve.DecodePoint(compressedR);

        var rInverse = r.ModInverse(n);
        var e = new BouncyInteger(1, _hash);
        var u1 = e.Negate().Mod(n).Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        return ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, bigR, u2).Normalize().GetEncoded(false);
    }

    // NBitcoin.Secp256k1 4.0.4: parse the compact signature with its recovery id, then recover (ECPubKey.TryRecover).
    [Benchmark]
    public ECPubKey? NBitcoinRecover() =>
        SecpRecoverableECDSASignature.TryCreateFromCompact(_compact, _recoveryId, out var signature) &&
        ECPubKey.TryRecover(Context.Instance, signature!, _hash, out var publicKey)
            ? publicKey
            : null;

    // Nethereum.Signer 6.1.0: the signature from its r, s and v bytes, then EthECKey.RecoverFromSignature over the hash.
    [Benchmark]
    public EthECKey NethereumRecover() =>
        EthECKey.RecoverFromSignature(EthECDSASignatureFactory.FromComponents(_signature[..32], _signature[32..64], _signature[64]), _hash);

    // From the message text to the address: EIP-191 hash, recovery, Keccak-256 of the key.
    [Benchmark]
    public EthereumAddress Web3AuthRecoverSigner()
    {
        PersonalMessage.TryRecoverSigner(Message, _signature, out var signer, out _);
        return signer;
    }

    // The same through Nethereum, from the hex signature a wallet returns to the checksummed address string.
    [Benchmark]
    public string NethereumEcRecover() => _nethereumSigner.EncodeUTF8AndEcRecover(Message, _signatureHex);

    private static string AddressOf(ReadOnlySpan<byte> publicKey) => EthereumAddress.FromPublicKey(publicKey).ToString();

    private static ReadOnlySpan<byte> Uncompressed(ECPubKey key, byte[] buffer)
    {
        key.WriteToSpan(compressed: false, buffer, out _);
        return buffer.AsSpan(1);
    }
}
