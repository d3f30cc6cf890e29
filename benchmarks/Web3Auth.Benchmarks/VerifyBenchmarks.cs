using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Testing;

namespace Web3Auth.Benchmarks;

/// <summary>
/// Verifying one DPoP-style JWS signature over the SHA-256 of its signing input: ES256K ours against libsecp256k1
/// (the limit; same hash, signature and key, and the set-up checks that both accept), and ES256 through .NET's
/// <see cref="ECDsa"/> on a P-256 key (the other curve a client may hold). Each starts from bytes: libsecp256k1's
/// figure includes parsing the key and the signature, as ours does.
/// </summary>
[BenchmarkCategory("Verify")]
public class VerifyBenchmarks
{
    private byte[] _hash = [];
    private byte[] _signature = [];
    private byte[] _publicKey = [];
    private byte[] _p256Signature = [];
    private ECDsa _p256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string signingInput = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2SyJ9.eyJodG0iOiJHRVQiLCJodHUiOiJodHRwczovL2FwcC5leGFtcGxlLmNvbS9hcGkifQ";
        _hash = SHA256.HashData(Encoding.ASCII.GetBytes(signingInput));

        var library = Libsecp256k1.Instance;
        var secretKey = Keccak256.Hash(Encoding.UTF8.GetBytes("web3auth verify benchmark"));
        _publicKey = library.CreatePublicKey(secretKey);
        _signature = library.Sign(_hash, secretKey);

        // Verification with a public-only key, as the server holds it.
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _p256Signature = signer.SignHash(_hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        _p256 = ECDsa.Create(signer.ExportParameters(includePrivateParameters: false));

        if (!Web3AuthVerifyEs256K() || !Libsecp256k1VerifyEs256K() || !DotNetVerifyEs256())
        {
            throw new InvalidOperationException("A verifier rejects the benchmark's signature.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _p256.Dispose();

    [Benchmark]
    public bool Web3AuthVerifyEs256K() => Secp256k1.VerifySignature(_hash, _signature, _publicKey);

    [Benchmark(Baseline = true)]
    public bool Libsecp256k1VerifyEs256K() => Libsecp256k1.Instance.Verify(_hash, _signature, _publicKey);

    [Benchmark]
    public bool DotNetVerifyEs256() => _p256.VerifyHash(_hash, _p256Signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
