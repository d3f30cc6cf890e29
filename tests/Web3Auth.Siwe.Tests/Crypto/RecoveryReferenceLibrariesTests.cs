using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text;
using NBitcoin.Secp256k1;
using Nethereum.Signer;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Testing;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

/// <summary>
/// Recovery (ecrecover of an EIP-191 personal message) compared with two .NET libraries besides libsecp256k1:
/// Nethereum.Signer 6.1.0 (<c>EthereumMessageSigner.EncodeUTF8AndEcRecover</c>, BouncyCastle arithmetic) and
/// NBitcoin.Secp256k1 4.0.4 (<c>ECPubKey.TryRecover</c>, the managed libsecp256k1 port). On valid signatures all agree;
/// on invalid ones each library's exact behaviour is pinned here, and docs/protocol.md says why ours follows the EVM's.
/// </summary>
/// <remarks>Each run draws a fresh seed (printed in every failure); set <c>SECP256K1_TEST_SEED</c> to replay one.</remarks>
public class RecoveryReferenceLibrariesTests
{
    private static readonly int Seed = Environment.GetEnvironmentVariable("SECP256K1_TEST_SEED") is { } text
        ? int.Parse(text, CultureInfo.InvariantCulture)
        : Random.Shared.Next();

    [Fact]
    public void Ours_Nethereum_NBitcoin_and_libsecp256k1_recover_the_same_signer_for_10000_random_keys_and_messages()
    {
        const int Chunks = 8, PerChunk = 1_250;
        var library = Libsecp256k1.Instance;
        var failures = new ConcurrentQueue<string>();
        Parallel.For(0, Chunks, chunk =>
        {
            var random = new Random(unchecked((Seed * 31) + chunk));
            var nethereum = new EthereumMessageSigner();
            var ours = new byte[64];
            for (var i = 0; i < PerChunk && failures.IsEmpty; i++)
            {
                var secretKey = RandomSecretKey(random, library);
                var message = RandomMessage(random);
                var hash = PersonalMessage.Hash(message);
                var signature = library.SignRecoverable(hash, secretKey);
                signature[64] += 27;
                var expected = library.CreatePublicKey(secretKey);
                var address = EthereumAddress.FromPublicKey(expected);
                var context = $"Seed {Seed}, chunk {chunk}, iteration {i}: key {Hex(secretKey)}, message {message}, signature {Hex(signature)}";

                if (!Secp256k1.TryRecoverPublicKey(hash, signature, ours, out var error) || !ours.AsSpan().SequenceEqual(expected))
                {
                    failures.Enqueue($"{context}: ours {(error == SignatureError.None ? Hex(ours) : error)}");
                }

                if (NBitcoinRecover(hash, signature) is not { } theirs || !theirs.AsSpan().SequenceEqual(expected))
                {
                    failures.Enqueue($"{context}: NBitcoin.Secp256k1 recovered another key or none");
                }

                // NBitcoin signs with RFC 6979 as libsecp256k1 does: the same bytes.
                using var key = ECPrivKey.Create(secretKey);
                key.TrySignRecoverable(hash, out var nbitcoinSignature);
                var compact = new byte[64];
                nbitcoinSignature!.WriteToSpanCompact(compact, out var recoveryId);
                if (!compact.AsSpan().SequenceEqual(signature.AsSpan(0, 64)) || recoveryId + 27 != signature[64])
                {
                    failures.Enqueue($"{context}: NBitcoin.Secp256k1 signed {Hex(compact)} v {recoveryId}");
                }

                var recovered = nethereum.EncodeUTF8AndEcRecover(message, "0x" + Hex(signature));
                if (!string.Equals(recovered, address.ToString(), StringComparison.Ordinal))
                {
                    failures.Enqueue($"{context}: Nethereum recovered {recovered}, expected {address}");
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(20)));
    }

    /// <summary>What each library does with one kind of invalid signature.</summary>
    /// <param name="Ours">Our verdict: <see cref="SignatureError.None"/> for the signer, else the refusal.</param>
    /// <param name="Nethereum">
    /// <c>signer</c> (recovers the real signer), <c>other</c> (returns some other address), <c>same as …</c> (the address
    /// it returns for that other case), or the exact type of the exception it throws.
    /// </param>
    /// <param name="NBitcoin">
    /// <c>signer</c>, <c>other</c>, <c>parse</c> (<c>TryCreateFromCompact</c> refuses), <c>recover</c>
    /// (<c>TryRecover</c> refuses), <see cref="WrappedX"/> (<c>other</c> when (r + n) mod p is an x-coordinate of the
    /// curve, else <c>recover</c>), or <c>n/a</c> where the input is no 64-byte compact signature with a recovery id 0–3.
    /// </param>
    public sealed record Verdicts(SignatureError Ours, string Nethereum, string NBitcoin);

    private const string WrappedX = "as x = (r + n) mod p";

    public static TheoryData<string, Verdicts> InvalidSignatures() => new()
    {
        { "s = 0", new(SignatureError.InvalidS, "other", "recover") },
        { "s = n", new(SignatureError.InvalidS, "same as s = 0", "parse") },
        { "s = n + 1", new(SignatureError.InvalidS, "same as s = 1", "parse") },
        { "s = 2^256 - 1", new(SignatureError.InvalidS, "same as s = 2^256 - 1 - n", "parse") },
        { "high s (the malleated twin)", new(SignatureError.HighS, "signer", "signer") },
        { "r = 0", new(SignatureError.InvalidR, nameof(ArgumentException), "recover") },
        { "r = n", new(SignatureError.InvalidR, nameof(ArithmeticException), "parse") },
        { "r = the lowest x ≥ n + 1 on the curve", new(SignatureError.InvalidR, "other", "parse") },
        { "r = p", new(SignatureError.InvalidR, nameof(NullReferenceException), "parse") },
        { "r = 2^256 - 1", new(SignatureError.InvalidR, nameof(NullReferenceException), "parse") },
        { "r is no x-coordinate of the curve", new(SignatureError.RNotOnCurve, nameof(ArgumentException), "recover") },
        { "recovery lands on infinity", new(SignatureError.PointAtInfinity, nameof(ArgumentException), "recover") },
        { "v = 0 or 1 instead of 27 or 28", new(SignatureError.None, "signer", "signer") },
        { "v = 2 (recovery id 2)", new(SignatureError.InvalidRecoveryId, nameof(Exception), WrappedX) },
        { "v = 29 (recovery id 2)", new(SignatureError.InvalidRecoveryId, nameof(NullReferenceException), WrappedX) },
        { "v = 26", new(SignatureError.InvalidRecoveryId, nameof(Exception), "n/a") },
        { "v = 37 (EIP-155, chain 1)", new(SignatureError.InvalidRecoveryId, nameof(Exception), "n/a") },
        { "64 bytes (no v)", new(SignatureError.InvalidLength, nameof(IndexOutOfRangeException), "n/a") },
        { "66 bytes (a trailing 0x00)", new(SignatureError.InvalidLength, "signer", "n/a") },
        { "66 bytes (a trailing 0xff)", new(SignatureError.InvalidLength, "signer", "n/a") },
        { "70 bytes", new(SignatureError.InvalidLength, "signer", "n/a") },
        { "0 bytes", new(SignatureError.InvalidLength, nameof(IndexOutOfRangeException), "n/a") },
    };

    [Theory]
    [MemberData(nameof(InvalidSignatures))]
    public void Where_they_disagree_on_invalid_signatures_each_library_does_exactly_this(string kind, Verdicts expected)
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 20; i++)
        {
            var secretKey = RandomSecretKey(random, library);
            var message = RandomMessage(random);
            var hash = PersonalMessage.Hash(message);
            var valid = library.SignRecoverable(hash, secretKey);
            valid[64] += 27;
            var signer = EthereumAddress.FromPublicKey(library.CreatePublicKey(secretKey));
            var signature = Make(kind, valid, hash);
            var context = $"Seed {Seed}, {kind}, iteration {i}: key {Hex(secretKey)}, signature {Hex(signature)}";

            var ok = PersonalMessage.TryRecoverSigner(message, signature, out var ours, out var error);
            Assert.True(expected.Ours == SignatureError.None ? ok && ours == signer : !ok && error == expected.Ours, $"{context}: ours {(ok ? ours : error)}");

            var (nethereum, nethereumAddress) = NethereumVerdict(message, signature, signer);
            if (expected.Nethereum.StartsWith("same as ", StringComparison.Ordinal))
            {
                // The address it returns for the case it reduces this one to, and not the signer's.
                var (_, reduced) = NethereumVerdict(message, Make(expected.Nethereum["same as ".Length..], valid, hash), signer);
                Assert.True(nethereum == "other" && nethereumAddress == reduced, $"{context}: Nethereum {nethereum} {nethereumAddress}, expected {reduced}");
            }
            else
            {
                Assert.True(expected.Nethereum == nethereum, $"{context}: Nethereum {nethereum}");
            }

            var nbitcoinExpected = expected.NBitcoin == WrappedX
                ? IsX(Mod(FromBytes(signature.AsSpan(0, 32)) + N, P)) ? "other" : "recover"
                : expected.NBitcoin;
            Assert.True(nbitcoinExpected == NBitcoinVerdict(hash, signature, signer), $"{context}: NBitcoin {NBitcoinVerdict(hash, signature, signer)}, expected {nbitcoinExpected}");
        }
    }

    [Fact]
    public void NBitcoin_takes_recovery_id_2_or_3_as_x_equals_r_plus_n_mod_p_where_libsecp256k1_refuses()
    {
        // libsecp256k1 (secp256k1_ecdsa_sig_recover) refuses recovery id 2 or 3 unless r + n < p, which holds for
        // about 2^-128 of all r. NBitcoin.Secp256k1 4.0.4 skips that check and recovers from x = (r + n) mod p whenever
        // that is on the curve: a key nobody signed with. Ours and Ethereum refuse v outside 0, 1, 27, 28 altogether.
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        var wrapped = 0;
        for (var i = 0; i < 200; i++)
        {
            var hash = RandomBytes(random, 32);
            var signature = library.SignRecoverable(hash, RandomSecretKey(random, library));
            var recoveryId = 2 + (signature[64] & 1);
            var r = FromBytes(signature.AsSpan(0, 32));
            var s = FromBytes(signature.AsSpan(32, 32));
            var context = $"Seed {Seed}, iteration {i}: hash {Hex(hash)}, signature {Hex(signature.AsSpan(0, 64))}, recovery id {recoveryId}";
            Assert.True(r + N >= P, context);
            Assert.True(library.Recover(hash, signature.AsSpan(0, 64), recoveryId) is null, context);

            Assert.True(SecpRecoverableECDSASignature.TryCreateFromCompact(signature.AsSpan(0, 64), recoveryId, out var parsed), context);
            var recovered = ECPubKey.TryRecover(Context.Instance, parsed!, hash, out var key);
            var x = Mod(r + N, P);
            if (!IsX(x))
            {
                Assert.False(recovered, context);
                continue;
            }

            // Q = r⁻¹·(s·R − e·G) with R = (x, y of the id's parity), computed here with plain big integers.
            var y = BigInteger.ModPow(Mod((x * x * x) + 7, P), (P + 1) / 4, P);
            if ((int)(y % 2) != (recoveryId & 1))
            {
                y = P - y;
            }

            var rInverse = Inverse(r, N);
            var q = Add(Multiply(Mod(s * rInverse, N), (x, y)), Multiply(Mod(-Mod(FromBytes(hash), N) * rInverse, N), G));
            Assert.True(recovered, context);
            var point = new byte[65];
            key!.WriteToSpan(compressed: false, point, out _);
            Assert.Equal(ToBytes32(q!.Value.X).Concat(ToBytes32(q.Value.Y)), point[1..]);
            wrapped++;
        }

        // About half of the wrapped x-coordinates are on the curve.
        Assert.InRange(wrapped, 50, 150);
    }

    private static bool IsX(BigInteger x) => BigInteger.ModPow(Mod((x * x * x) + 7, P), (P - 1) / 2, P) == 1;

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // Builds the named kind of signature from a valid one (v = 27/28) over hash.
    private static byte[] Make(string kind, byte[] valid, byte[] hash)
    {
        var signature = (byte[])valid.Clone();
        var s = FromBytes(valid.AsSpan(32, 32));
        switch (kind)
        {
            case "s = 0": SetS(0); break;
            case "s = 1": SetS(1); break;
            case "s = n": SetS(N); break;
            case "s = n + 1": SetS(N + 1); break;
            case "s = 2^256 - 1": SetS(TwoPow256 - 1); break;
            case "s = 2^256 - 1 - n": SetS(TwoPow256 - 1 - N); break;
            case "high s (the malleated twin)":
                SetS(N - s);
                signature[64] = (byte)(signature[64] == 27 ? 28 : 27);
                break;
            case "r = 0": SetR(0); break;
            case "r = n": SetR(N); break;
            case "r = the lowest x ≥ n + 1 on the curve": SetR(LowestX(N + 1, onCurve: true)); break;
            case "r = p": SetR(P); break;
            case "r = 2^256 - 1": SetR(TwoPow256 - 1); break;
            case "r is no x-coordinate of the curve": SetR(LowestX(FromBytes(valid.AsSpan(0, 32)), onCurve: false)); break;
            case "recovery lands on infinity": return Infinity(hash);
            case "v = 0 or 1 instead of 27 or 28": signature[64] -= 27; break;
            case "v = 2 (recovery id 2)": signature[64] = 2; break;
            case "v = 29 (recovery id 2)": signature[64] = 29; break;
            case "v = 26": signature[64] = 26; break;
            case "v = 37 (EIP-155, chain 1)": signature[64] = (byte)(signature[64] + 10); break;
            case "64 bytes (no v)": return valid[..64];
            case "66 bytes (a trailing 0x00)": return [.. valid, 0x00];
            case "66 bytes (a trailing 0xff)": return [.. valid, 0xff];
            case "70 bytes": return [.. valid, 1, 2, 3, 4, 5];
            case "0 bytes": return [];
            default: throw new ArgumentException(kind, nameof(kind));
        }

        return signature;

        void SetR(BigInteger value) => ToBytes32(value).CopyTo(signature, 0);
        void SetS(BigInteger value) => ToBytes32(value).CopyTo(signature, 32);
    }

    // s = e/k for the nonce point R = k·G: then s·R − e·G is the point at infinity (low s by taking −R if needed).
    private static byte[] Infinity(byte[] hash)
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        while (true)
        {
            var k = RandomSecretKey(random, library);
            var nonce = library.CreatePublicKey(k);
            var r = FromBytes(nonce.AsSpan(0, 32));
            if (r >= N)
            {
                continue;
            }

            var s = Mod(Mod(FromBytes(hash), N) * Inverse(FromBytes(k), N), N);
            var oddY = (nonce[63] & 1) == 1;
            if (s > HalfN)
            {
                s = N - s;
                oddY = !oddY;
            }

            var signature = new byte[65];
            ToBytes32(r).CopyTo(signature, 0);
            ToBytes32(s).CopyTo(signature, 32);
            signature[64] = (byte)(oddY ? 28 : 27);
            return signature;
        }
    }

    private static BigInteger LowestX(BigInteger from, bool onCurve)
    {
        for (var x = from; ; x++)
        {
            if (IsX(x) == onCurve)
            {
                return x;
            }
        }
    }

    private static (string Verdict, string? Address) NethereumVerdict(string message, byte[] signature, EthereumAddress signer)
    {
        try
        {
            var address = new EthereumMessageSigner().EncodeUTF8AndEcRecover(message, "0x" + Hex(signature));
            return (string.Equals(address, signer.ToString(), StringComparison.Ordinal) ? "signer" : "other", address);
        }
#pragma warning disable CA1031 // The exception's exact type is what is recorded.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (ex.GetType().Name, null);
        }
    }

    // NBitcoin knows a 64-byte compact signature and a recovery id 0–3; Ethereum's v maps onto it as 27 + id or id.
    private static string NBitcoinVerdict(byte[] hash, byte[] signature, EthereumAddress signer)
    {
        if (signature.Length != 65 || signature[64] is not (>= 0 and <= 3 or >= 27 and <= 30))
        {
            return "n/a";
        }

        var recoveryId = signature[64] >= 27 ? signature[64] - 27 : signature[64];
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature.AsSpan(0, 64), recoveryId, out var parsed) || parsed is null)
        {
            return "parse";
        }

        if (!ECPubKey.TryRecover(Context.Instance, parsed, hash, out var key) || key is null)
        {
            return "recover";
        }

        var point = new byte[65];
        key.WriteToSpan(compressed: false, point, out _);
        return EthereumAddress.FromPublicKey(point.AsSpan(1)) == signer ? "signer" : "other";
    }

    private static byte[]? NBitcoinRecover(byte[] hash, byte[] signature)
    {
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature.AsSpan(0, 64), signature[64] - 27, out var parsed) || parsed is null ||
            !ECPubKey.TryRecover(Context.Instance, parsed, hash, out var key) || key is null)
        {
            return null;
        }

        var point = new byte[65];
        key.WriteToSpan(compressed: false, point, out _);
        return point[1..];
    }

    private static string RandomMessage(Random random)
    {
        // ASCII, line breaks and multi-byte UTF-8, 0–300 characters: the length prefix is in bytes.
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz ABC0123456789:/.-\nüéßあ中🙂";
        var builder = new StringBuilder();
        var length = random.Next(301);
        var i = 0;
        while (i < length)
        {
            var start = random.Next(Alphabet.Length);
            if (char.IsLowSurrogate(Alphabet[start]))
            {
                start--;
            }

            var take = char.IsHighSurrogate(Alphabet[start]) ? 2 : 1;
            builder.Append(Alphabet, start, take);
            i += take;
        }

        return builder.ToString();
    }

    private static byte[] RandomSecretKey(Random random, Libsecp256k1 library)
    {
        var key = new byte[32];
        do
        {
            random.NextBytes(key);
        }
        while (!library.IsValidSecretKey(key));

        return key;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Hex(SignatureError error) => error.ToString();
}
