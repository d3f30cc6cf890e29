using BenchmarkDotNet.Attributes;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Benchmarks;

/// <summary>Keccak-256 of a public key-sized input (one block) and of 1 KiB (eight blocks).</summary>
[BenchmarkCategory("Keccak")]
public class KeccakBenchmarks
{
    private readonly byte[] _digest = new byte[Keccak256.HashSize];
    private readonly byte[] _input32 = new byte[32];
    private readonly byte[] _input1KiB = new byte[1024];

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_input32);
        new Random(43).NextBytes(_input1KiB);
    }

    [Benchmark]
    public byte[] Keccak32Bytes()
    {
        Keccak256.Hash(_input32, _digest);
        return _digest;
    }

    [Benchmark]
    public byte[] Keccak1KiB()
    {
        Keccak256.Hash(_input1KiB, _digest);
        return _digest;
    }
}
