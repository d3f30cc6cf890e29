using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Crypto;

/// <summary>
/// Recovery compared with libsecp256k1 (Debian's <c>libsecp256k1-1</c>) as the oracle. These tests fail, never skip,
/// when the library is missing: <c>apt-get install libsecp256k1-1</c>.
/// </summary>
/// <remarks>
/// Each run draws a fresh seed (printed in every failure); set <c>SECP256K1_TEST_SEED</c> to replay one.
/// </remarks>
public class Secp256k1DifferentialTests
{
    private static readonly int Seed = Environment.GetEnvironmentVariable("SECP256K1_TEST_SEED") is { } text
        ? int.Parse(text, CultureInfo.InvariantCulture)
        : Random.Shared.Next();

    private static readonly string[] BoundaryValues = ["0", "1", "n/2", "n/2+1", "n-1", "n", "n+1", "p-1", "p", "2^256-1"];

    [Fact]
    public void Libsecp256k1_is_installed()
    {
        // Fails with the install instructions rather than silently skipping the differential tests.
        _ = Libsecp256k1.Instance;
    }

    [Fact]
    public void Recovered_key_matches_libsecp256k1_for_10000_random_signatures()
    {
        // Spread over the cores in fixed chunks, each with its own generator derived from the seed, so a failure
        // replays exactly.
        const int Chunks = 8, PerChunk = 1_250;
        var library = Libsecp256k1.Instance;
        var failures = new ConcurrentQueue<string>();
        Parallel.For(0, Chunks, chunk =>
        {
            var random = new Random(unchecked((Seed * 31) + chunk));
            var recovered = new byte[64];
            for (var i = 0; i < PerChunk && failures.IsEmpty; i++)
            {
                var secretKey = RandomSecretKey(random, library);
                var hash = RandomBytes(random, 32);
                var signature = library.SignRecoverable(hash, secretKey);
                var expected = library.CreatePublicKey(secretKey);

                var ok = Secp256k1.TryRecoverPublicKey(hash, signature, recovered, out var error);
                if (!ok || !recovered.AsSpan().SequenceEqual(expected))
                {
                    failures.Enqueue(
                        $"Seed {Seed}, chunk {chunk}, iteration {i}: key {Hex(secretKey)}, hash {Hex(hash)}, " +
                        $"signature {Hex(signature)}: expected {Hex(expected)}, got {(ok ? Hex(recovered) : error.ToString())}.");
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Legacy_v_27_and_28_recover_the_same_key_as_0_and_1()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 200; i++)
        {
            var secretKey = RandomSecretKey(random, library);
            var hash = RandomBytes(random, 32);
            var signature = library.SignRecoverable(hash, secretKey);
            signature[64] += 27;
            AssertRecoversKeyOf(library, secretKey, hash, signature, $"Seed {Seed}, iteration {i}");
        }
    }

    [Fact]
    public void Random_65_byte_strings_are_judged_like_libsecp256k1()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var accepted = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var hash = RandomBytes(random, 32);
            var signature = RandomBytes(random, 65);
            if (random.Next(4) != 0)
            {
                signature[64] = (byte)(random.Next(2) + (random.Next(2) * 27));
            }

            accepted += AssertSameVerdict(library, hash, signature, $"Seed {Seed}, iteration {i}") ? 1 : 0;
        }

        // Sanity check on the generator: about a quarter of the strings should be valid signatures of someone.
        Assert.InRange(accepted, 500, 2_500);
    }

    [Fact]
    public void Boundary_r_and_s_values_are_judged_like_libsecp256k1()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var valid = library.SignRecoverable(RandomBytes(random, 32), RandomSecretKey(random, library));
        var hash = RandomBytes(random, 32);
        foreach (var r in BoundaryValues.Append("valid"))
        {
            foreach (var s in BoundaryValues.Append("valid"))
            {
                foreach (byte v in new byte[] { 0, 1, 27, 28 })
                {
                    var signature = (byte[])valid.Clone();
                    if (r != "valid")
                    {
                        ToBytes32(Secp256k1Tests.Named(r)).CopyTo(signature, 0);
                    }

                    if (s != "valid")
                    {
                        ToBytes32(Secp256k1Tests.Named(s)).CopyTo(signature, 32);
                    }

                    signature[64] = v;
                    AssertSameVerdict(library, hash, signature, $"Seed {Seed}, r = {r}, s = {s}, v = {v}");
                }
            }
        }
    }

    [Fact]
    public void High_s_is_rejected_although_libsecp256k1_recovers_it()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 200; i++)
        {
            var secretKey = RandomSecretKey(random, library);
            var hash = RandomBytes(random, 32);
            var signature = library.SignRecoverable(hash, secretKey);

            // (r, n − s) with the other recovery id is the malleated twin of the same signature (EIP-2 forbids it).
            var s = FromBytes(signature.AsSpan(32, 32));
            ToBytes32(N - s).CopyTo(signature, 32);
            signature[64] ^= 1;
            Assert.Equal(library.CreatePublicKey(secretKey), library.Recover(hash, signature.AsSpan(0, 64), signature[64]));

            Assert.False(Secp256k1.TryRecoverPublicKey(hash, signature, new byte[64], out var error));
            Assert.Equal(SignatureError.HighS, error);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("n-1")]
    [InlineData("n")]
    [InlineData("n+1")]
    [InlineData("p")]
    [InlineData("2^256-1")]
    public void Hashes_at_the_edges_of_the_scalar_range_recover_the_signer(string hashValue)
    {
        // libsecp256k1 reduces the hash mod n when signing, as ECDSA specifies; recovery must do the same.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var hash = ToBytes32(Secp256k1Tests.Named(hashValue));
        for (var i = 0; i < 20; i++)
        {
            var secretKey = RandomSecretKey(random, library);
            var signature = library.SignRecoverable(hash, secretKey);
            AssertRecoversKeyOf(library, secretKey, hash, signature, $"Seed {Seed}");
        }
    }

    [Fact]
    public void A_signature_whose_recovery_lands_on_infinity_is_rejected()
    {
        // Pick the nonce point R = k·G and s = e/k: then s·R − e·G = 0, so Q = r⁻¹·(s·R − e·G) is the point at infinity.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 20; i++)
        {
            var k = RandomSecretKey(random, library);
            var nonce = library.CreatePublicKey(k);
            var r = FromBytes(nonce.AsSpan(0, 32));
            if (r >= N)
            {
                continue; // x ≥ n needs recovery id 2 or 3 (probability 2^-128)
            }

            var hash = RandomBytes(random, 32);
            var e = Mod(FromBytes(hash), N);
            var s = Mod(e * Inverse(FromBytes(k), N), N);
            var oddY = (nonce[63] & 1) == 1;
            if (s > HalfN)
            {
                s = N - s; // the same point with −R = (n − k)·G
                oddY = !oddY;
            }

            var signature = new byte[65];
            ToBytes32(r).CopyTo(signature, 0);
            ToBytes32(s).CopyTo(signature, 32);
            signature[64] = (byte)(oddY ? 1 : 0);

            Assert.Null(library.Recover(hash, signature.AsSpan(0, 64), signature[64]));
            Assert.False(Secp256k1.TryRecoverPublicKey(hash, signature, new byte[64], out var error));
            Assert.Equal(SignatureError.PointAtInfinity, error);
        }
    }

    // Compares our verdict on one 65-byte string with libsecp256k1's wherever the two rule sets overlap.
    // Our recovery of a libsecp256k1 signature must give the public key libsecp256k1 derives from the secret key.
    private static void AssertRecoversKeyOf(Libsecp256k1 library, byte[] secretKey, byte[] hash, byte[] signature, string context)
    {
        var recovered = new byte[64];
        Assert.True(Secp256k1.TryRecoverPublicKey(hash, signature, recovered, out var error), $"{context}: {error}");
        Assert.Equal(library.CreatePublicKey(secretKey), recovered);
    }

    private static bool AssertSameVerdict(Libsecp256k1 library, byte[] hash, byte[] signature, string context)
    {
        var recovered = new byte[64];
        var ok = Secp256k1.TryRecoverPublicKey(hash, signature, recovered, out var error);
        context = $"{context}: hash {Hex(hash)}, signature {Hex(signature)}, ours {(ok ? Hex(recovered) : error.ToString())}";

        // libsecp256k1 takes a bare recovery id 0..3; Ethereum's v is 0/1 or 27/28 and nothing else.
        var v = signature[64];
        if (v is not (0 or 1 or 27 or 28))
        {
            Assert.True(!ok && error == SignatureError.InvalidRecoveryId, context);
            return false;
        }

        var theirs = library.Recover(hash, signature.AsSpan(0, 64), v >= 27 ? v - 27 : v);
        var r = FromBytes(signature.AsSpan(0, 32));
        var s = FromBytes(signature.AsSpan(32, 32));
        if (r.IsZero || r >= N)
        {
            Assert.True(theirs is null, context);
            Assert.True(!ok && error == SignatureError.InvalidR, context);
            return false;
        }

        if (s.IsZero || s >= N)
        {
            Assert.True(theirs is null, context);
            Assert.True(!ok && error == SignatureError.InvalidS, context);
            return false;
        }

        if (s > HalfN)
        {
            // libsecp256k1 recovers malleated signatures; Ethereum (EIP-2) and we do not.
            Assert.True(!ok && error == SignatureError.HighS, context);
            return false;
        }

        if (theirs is null)
        {
            Assert.True(!ok && error is SignatureError.RNotOnCurve or SignatureError.PointAtInfinity, context);
            return false;
        }

        Assert.True(ok, context);
        Assert.True(theirs.AsSpan().SequenceEqual(recovered), $"{context}, libsecp256k1 {Hex(theirs)}");
        return true;
    }

    private static byte[] RandomSecretKey(Random random, Libsecp256k1 library)
    {
        while (true)
        {
            var key = RandomBytes(random, 32);
            if (library.IsValidSecretKey(key))
            {
                return key;
            }
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
