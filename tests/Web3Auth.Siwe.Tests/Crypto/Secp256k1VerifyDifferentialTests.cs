using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Testing;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

/// <summary>
/// ES256K verification (<see cref="Secp256k1.VerifySignature"/>) compared with libsecp256k1's
/// <c>secp256k1_ecdsa_verify</c> (Debian's <c>libsecp256k1-1</c>). These tests fail, never skip, when the library is
/// missing: <c>apt-get install libsecp256k1-1</c>.
/// </summary>
/// <remarks>
/// <para>
/// The two differ in one rule only, on purpose: libsecp256k1 rejects high s, ES256K accepts it. So for every input
/// the expected relation is exact: ours = libsecp256k1 after normalising s, and libsecp256k1 as is = ours and low s.
/// </para>
/// <para>The seed is fixed, so every run checks the same cases; set <c>SECP256K1_TEST_SEED</c> to try another.</para>
/// </remarks>
public class Secp256k1VerifyDifferentialTests
{
    private static readonly int Seed = Environment.GetEnvironmentVariable("SECP256K1_TEST_SEED") is { } text
        ? int.Parse(text, CultureInfo.InvariantCulture)
        : 8812;

    private static readonly string[] BoundaryValues = ["0", "1", "n/2", "n/2+1", "n-1", "n", "n+1", "p-1", "p", "2^256-1"];

    // p − n: an x-coordinate in [n, p) gives r = x − n, below this.
    private static readonly BigInteger PMinusN = P - N;

    [Fact]
    public void Random_signatures_their_high_s_twins_and_mutations_are_judged_like_libsecp256k1_for_10000_keys()
    {
        // Spread over the cores in fixed chunks, each with its own generator derived from the seed, so a failure
        // replays exactly.
        const int Chunks = 8, PerChunk = 1_250;
        var library = Libsecp256k1.Instance;
        var failures = new ConcurrentQueue<string>();
        Parallel.For(0, Chunks, chunk =>
        {
            var random = new Random(unchecked((Seed * 31) + chunk));
            for (var i = 0; i < PerChunk && failures.IsEmpty; i++)
            {
                var context = $"Seed {Seed}, chunk {chunk}, iteration {i}";
                var secretKey = RandomSecretKey(random, library);
                var publicKey = library.CreatePublicKey(secretKey);
                var hash = RandomBytes(random, 32);
                var signature = library.Sign(hash, secretKey);

                // The signature as made, low s: both accept.
                Expect(library, hash, signature, publicKey, accepted: true, $"{context}, valid", failures);

                // Its twin (r, n − s): we accept; libsecp256k1 only once normalised (Judge checks that relation).
                var twin = WithS(signature, N - FromBytes(signature.AsSpan(32, 32)));
                Expect(library, hash, twin, publicKey, accepted: true, $"{context}, high-s twin", failures);

                // One bit flipped in r, s, the hash or the key.
                var (mutatedHash, mutatedSignature, mutatedKey) = ((byte[])hash.Clone(), (byte[])signature.Clone(), (byte[])publicKey.Clone());
                var target = random.Next(4) switch { 0 or 1 => mutatedSignature, 2 => mutatedHash, _ => mutatedKey };
                var bit = random.Next(target.Length * 8);
                target[bit / 8] ^= (byte)(1 << (bit % 8));
                Expect(library, mutatedHash, mutatedSignature, mutatedKey, accepted: false, $"{context}, bit {bit} flipped", failures);

                // Somebody else's key.
                var otherKey = library.CreatePublicKey(RandomSecretKey(random, library));
                Expect(library, hash, signature, otherKey, accepted: false, $"{context}, wrong key", failures);
            }
        });

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Fact]
    public void Boundary_r_and_s_values_are_judged_like_libsecp256k1()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var secretKey = RandomSecretKey(random, library);
        var publicKey = library.CreatePublicKey(secretKey);
        var hash = RandomBytes(random, 32);
        var valid = library.Sign(hash, secretKey);
        foreach (var r in BoundaryValues.Append("valid"))
        {
            foreach (var s in BoundaryValues.Append("valid"))
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

                var context = $"Seed {Seed}, r = {r}, s = {s}";
                var ours = Judge(library, hash, signature, publicKey, context);
                if (r is "0" or "n" or "n+1" or "p-1" or "p" or "2^256-1" || s is "0" or "n" or "n+1" or "p-1" or "p" or "2^256-1")
                {
                    Assert.False(ours, context);
                }
            }
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
    public void Hashes_at_the_edges_of_the_scalar_range_verify(string hashValue)
    {
        // The hash is reduced mod n; a hash of 0 or n makes u1 = 0, so R = u2·Q alone.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var hash = ToBytes32(Secp256k1Tests.Named(hashValue));
        for (var i = 0; i < 20; i++)
        {
            var secretKey = RandomSecretKey(random, library);
            var signature = library.Sign(hash, secretKey);
            Assert.True(Judge(library, hash, signature, library.CreatePublicKey(secretKey), $"Seed {Seed}, hash = {hashValue}"));
        }
    }

    [Fact]
    public void A_nonce_point_whose_x_is_at_least_n_verifies_with_r_equal_to_x_minus_n()
    {
        // libsecp256k1's recovery with recovery id 2 or 3 takes R.x = r + n, so the key it recovers is one for which
        // (r, s) is valid with such an R: the rare case (probability about 2^-127 for real signatures) made on purpose.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var found = 0;
        for (var attempt = 0; found < 20 && attempt < 200; attempt++)
        {
            var r = Mod(FromBytes(RandomBytes(random, 17)), PMinusN - 1) + 1;
            var s = Mod(FromBytes(RandomBytes(random, 32)), HalfN - 1) + 1;
            var hash = RandomBytes(random, 32);
            var compact = ToBytes32(r).Concat(ToBytes32(s)).ToArray();
            var publicKey = library.Recover(hash, compact, 2 + random.Next(2));
            if (publicKey is null)
            {
                continue; // r + n is not the x-coordinate of a curve point
            }

            found++;
            var context = $"Seed {Seed}, attempt {attempt}, r {r:x}, s {s:x}";
            Assert.True(library.Verify(hash, compact, publicKey), context);
            Assert.True(Secp256k1.VerifySignature(hash, compact, publicKey), context);
        }

        Assert.Equal(20, found);
    }

    [Fact]
    public void An_r_at_or_above_p_minus_n_is_not_taken_for_an_x_coordinate_wrapped_past_p()
    {
        // R = k·G with x-coordinate x0, and r = x0 + (p − n): then r + n ≡ x0 (mod p), yet R.x mod n = x0 ≠ r. A check
        // that compared X with (r + n)·Z² mod p for every r would accept; only r below p − n may stand for x = r + n.
        // The key Q = ((s·k − e)/r)·G makes u1·G + u2·Q = R exactly.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 20; i++)
        {
            var k = RandomSecretKey(random, library);
            var x0 = FromBytes(library.CreatePublicKey(k).AsSpan(0, 32));
            var r = x0 + PMinusN;
            if (r >= N)
            {
                continue;
            }

            var s = Mod(FromBytes(RandomBytes(random, 32)), N - 1) + 1;
            var hash = RandomBytes(random, 32);
            var e = Mod(FromBytes(hash), N);
            var q = Mod(((s * FromBytes(k)) - e) * Inverse(r, N), N);
            var publicKey = library.CreatePublicKey(ToBytes32(q));
            var compact = ToBytes32(r).Concat(ToBytes32(s)).ToArray();
            var context = $"Seed {Seed}, iteration {i}";
            Assert.False(Judge(library, hash, compact, publicKey, context), context);

            // The same construction with the honest r = x0 is a valid signature: the construction is right.
            var honestKey = library.CreatePublicKey(ToBytes32(Mod(((s * FromBytes(k)) - e) * Inverse(x0, N), N)));
            var honest = ToBytes32(x0).Concat(ToBytes32(s)).ToArray();
            Assert.True(Judge(library, hash, honest, honestKey, context), context);
        }
    }

    [Fact]
    public void A_signature_whose_nonce_point_is_infinity_is_rejected()
    {
        // With Q = −(e/r)·G, u1·G + u2·Q = (e/s)·G − (r/s)(e/r)·G = 0 for every s.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 20; i++)
        {
            var hash = RandomBytes(random, 32);
            var e = Mod(FromBytes(hash), N);
            var r = Mod(FromBytes(RandomBytes(random, 32)), N - 1) + 1;
            var s = Mod(FromBytes(RandomBytes(random, 32)), N - 1) + 1;
            var q = Mod(-e * Inverse(r, N), N);
            if (q.IsZero)
            {
                continue;
            }

            var publicKey = library.CreatePublicKey(ToBytes32(q));
            var compact = ToBytes32(r).Concat(ToBytes32(s)).ToArray();
            Assert.False(Judge(library, hash, compact, publicKey, $"Seed {Seed}, iteration {i}"));
        }
    }

    public static TheoryData<string> InvalidKeys => new()
    {
        "x = p + x of a point with x < 2^256 − p",
        "y = p + y of a point with y = 1",
        "x = p",
        "y = p",
        "x = y = 2^256 − 1",
        "not on the curve (G.x, G.y + 1)",
        "P-256 generator",
        "all zero",
    };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public void Keys_that_are_no_curve_point_are_refused_like_libsecp256k1(string name)
    {
        var library = Libsecp256k1.Instance;
        var (publicKey, reducedTwin) = InvalidKey(name);
        Assert.False(Secp256k1.IsOnCurve(publicKey), name);
        Assert.False(library.IsValidPublicKey(publicKey), name);

        var random = new Random(Seed);
        var hash = RandomBytes(random, 32);
        var signature = library.Sign(hash, RandomSecretKey(random, library));
        Assert.False(Judge(library, hash, signature, publicKey, name));

        if (reducedTwin is not null)
        {
            // The same coordinates reduced mod p are a curve point, and a signature valid for that point is refused
            // under the unreduced encoding: the range check, not the curve equation, refuses it.
            Assert.True(Secp256k1.IsOnCurve(reducedTwin), name);
            Assert.True(library.IsValidPublicKey(reducedTwin), name);
            var (forgedHash, forged) = ValidSignatureFor(reducedTwin, random);
            Assert.True(Judge(library, forgedHash, forged, reducedTwin, name));
            Assert.False(Judge(library, forgedHash, forged, publicKey, name));
        }
    }

    [Fact]
    public void Random_64_byte_strings_are_judged_like_libsecp256k1()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var publicKey = library.CreatePublicKey(RandomSecretKey(random, library));
        for (var i = 0; i < 2_000; i++)
        {
            var hash = RandomBytes(random, 32);
            Assert.False(Judge(library, hash, RandomBytes(random, 64), publicKey, $"Seed {Seed}, iteration {i}"));
        }
    }

    [Theory]
    [InlineData(0, 64, 64)]
    [InlineData(31, 64, 64)]
    [InlineData(33, 64, 64)]
    [InlineData(32, 0, 64)]
    [InlineData(32, 63, 64)]
    [InlineData(32, 65, 64)] // Ethereum's r‖s‖v is not an ES256K signature
    [InlineData(32, 64, 0)]
    [InlineData(32, 64, 63)]
    [InlineData(32, 64, 65)] // nor is 0x04‖X‖Y a 64-byte X‖Y key
    public void Wrong_lengths_are_refused_without_trimming(int hashLength, int signatureLength, int keyLength)
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var secretKey = RandomSecretKey(random, library);
        var hash = RandomBytes(random, 32);
        var signature = library.Sign(hash, secretKey);
        var publicKey = library.CreatePublicKey(secretKey);
        Assert.True(Secp256k1.VerifySignature(hash, signature, publicKey));

        // Each too-long input starts with the valid value (a key gets its 0x04 in front), so trimming would verify.
        Assert.False(Secp256k1.VerifySignature(Resize(hash, hashLength, prefix: false), Resize(signature, signatureLength, prefix: false), Resize(publicKey, keyLength, prefix: true)));
    }

    // Our verdict, checked against libsecp256k1's with and without normalising s; returns ours.
    private static bool Judge(Libsecp256k1 library, byte[] hash, byte[] signature, byte[] publicKey, string context)
    {
        var ours = Secp256k1.VerifySignature(hash, signature, publicKey);
        var strict = library.Verify(hash, signature, publicKey);
        var normalized = library.Verify(hash, signature, publicKey, normalizeS: true);
        var s = FromBytes(signature.AsSpan(32, 32));
        var highS = s > HalfN && s < N;
        var description = $"{context}: hash {Hex(hash)}, signature {Hex(signature)}, key {Hex(publicKey)}, high s {highS}: " +
                          $"ours {ours}, libsecp256k1 {strict}, libsecp256k1 normalised {normalized}";
        Assert.True(ours == normalized && strict == (ours && !highS), description);
        return ours;
    }

    private static void Expect(
        Libsecp256k1 library, byte[] hash, byte[] signature, byte[] publicKey, bool accepted, string context, ConcurrentQueue<string> failures)
    {
        try
        {
            if (Judge(library, hash, signature, publicKey, context) != accepted)
            {
                failures.Enqueue($"{context}: expected {(accepted ? "accepted" : "rejected")}.");
            }
        }
        catch (Xunit.Sdk.XunitException exception)
        {
            failures.Enqueue(exception.Message);
        }
    }

    // A valid (hash, r‖s) for a key whose secret is unknown: pick u1, u2, let R = u1·G + u2·Q, then r = R.x mod n,
    // s = r/u2 and e = u1·s, which is why the hash cannot be chosen.
    private static (byte[] Hash, byte[] Signature) ValidSignatureFor(byte[] publicKey, Random random)
    {
        var q = (FromBytes(publicKey.AsSpan(0, 32)), FromBytes(publicKey.AsSpan(32, 32)));
        var u1 = Mod(FromBytes(RandomBytes(random, 32)), N - 1) + 1;
        var u2 = Mod(FromBytes(RandomBytes(random, 32)), N - 1) + 1;
        var bigR = Add(Multiply(u1, G), Multiply(u2, q)) ?? throw new InvalidOperationException("R is infinity; pick another seed.");
        var r = Mod(bigR.X, N);
        var s = Mod(r * Inverse(u2, N), N);
        var e = Mod(u1 * s, N);
        return (ToBytes32(e), ToBytes32(r).Concat(ToBytes32(s)).ToArray());
    }

    private static (byte[] Key, byte[]? ReducedTwin) InvalidKey(string name)
    {
        switch (name)
        {
            case "x = p + x of a point with x < 2^256 − p":
            {
                // The first x ≥ 1 with x³ + 7 a square; x + p still fits in 32 bytes.
                var x = BigInteger.One;
                while (!IsSquare(Mod((x * x * x) + 7, P)))
                {
                    x++;
                }

                var y = BigInteger.ModPow(Mod((x * x * x) + 7, P), (P + 1) / 4, P);
                return (Key(x + P, y), Key(x, y));
            }

            case "y = p + y of a point with y = 1":
            {
                // y = 1 needs x³ = 1 − 7; p ≡ 7 (mod 9), so a cube a has the cube root a^((p+2)/9).
                var a = Mod(1 - 7, P);
                var x = BigInteger.ModPow(a, (P + 2) / 9, P);
                Assert.Equal(a, BigInteger.ModPow(x, 3, P));
                return (Key(x, 1 + P), Key(x, 1));
            }

            case "x = p":
                return (Key(P, G.Y), null);
            case "y = p":
                return (Key(G.X, P), null);
            case "x = y = 2^256 − 1":
                return (Key(TwoPow256 - 1, TwoPow256 - 1), null);
            case "not on the curve (G.x, G.y + 1)":
                return (Key(G.X, G.Y + 1), null);
            case "P-256 generator":
                return (Key(
                    Parse("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
                    Parse("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")), null);
            case "all zero":
                return (new byte[64], null);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    private static bool IsSquare(BigInteger a) => BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;

    private static byte[] Key(BigInteger x, BigInteger y) => ToBytes32(x).Concat(ToBytes32(y)).ToArray();

    private static byte[] WithS(byte[] signature, BigInteger s)
    {
        var result = (byte[])signature.Clone();
        ToBytes32(s).CopyTo(result, 32);
        return result;
    }

    // Shorter: the first bytes. Longer: the value plus trailing zeros, or, for a key, 0x04 in front.
    private static byte[] Resize(byte[] value, int length, bool prefix)
    {
        if (length <= value.Length)
        {
            return value[..length];
        }

        return prefix ? [0x04, .. value] : [.. value, .. new byte[length - value.Length]];
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
