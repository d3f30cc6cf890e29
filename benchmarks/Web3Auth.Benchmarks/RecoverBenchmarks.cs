using BenchmarkDotNet.Attributes;
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
/// library Bitcoin Core uses; the limit) and BouncyCastle (what a managed library gives). Same hash and signature
/// for all three; the set-up checks that all three recover the signer's key.
/// </summary>
[BenchmarkCategory("Recover")]
public class RecoverBenchmarks
{
    // BouncyCastle's fastest secp256k1: the custom curve with its special reduction and GLV endomorphism.
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    private byte[] _hash = [];
    private byte[] _signature = [];
    private byte[] _compact = [];
    private int _recoveryId;

    [GlobalSetup]
    public void Setup()
    {
        var wallet = TestWallet.FromSeed(7);
        const string message = "app.example.com wants you to sign in with your Ethereum account";
        _hash = PersonalMessage.Hash(message);
        _signature = wallet.Sign(message);
        _compact = _signature[..64];
        _recoveryId = _signature[64] - 27;

        Span<byte> ours = stackalloc byte[Secp256k1.PublicKeySize];
        Secp256k1.TryRecoverPublicKey(_hash, _signature, ours, out _);
        if (!ours.SequenceEqual(wallet.PublicKey) || !Libsecp256k1Recover().AsSpan().SequenceEqual(wallet.PublicKey) ||
            !BouncyCastleRecover().AsSpan(1).SequenceEqual(wallet.PublicKey))
        {
            throw new InvalidOperationException("The three implementations disagree on the recovered key.");
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

    // Q = r⁻¹·(s·R − e·G), the textbook recovery over BouncyCastle's point API (as Nethereum does it).
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
}
