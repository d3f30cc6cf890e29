using Web3Auth.Siwe.Crypto;
using Web3Auth.Siwe.Tests.Messages;
using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Fuzzing;

/// <summary>
/// The login's "signature" field goes through <see cref="Hex.TryDecode"/>, then EIP-6492 unwrapping or ecrecover
/// (Web3SignatureVerifier), or <see cref="SiweMessageValidator"/> for library users. Random and mutated signatures
/// never make any of them throw, and a mutation is never taken for the signer's own signature.
/// </summary>
public class SignatureFuzzTests
{
    private const string HexAlphabet = "0123456789abcdefABCDEFxX";

    // The reference "example message" vector: a real wallet's signature of a real message.
    private static readonly System.Text.Json.JsonElement s_vector = SiweVectors.Case(SiweVectors.VerificationPositive, "example message");
    private static readonly SiweMessage s_message = SiweVectors.ToBuilder(s_vector)!.Build();
    private static readonly string s_signature = SiweVectors.String(s_vector, "signature")!;

    private static readonly SiweValidationParameters s_parameters = new()
    {
        ExpectedDomain = s_message.Domain,
        ExpectedNonce = s_message.Nonce,
        ClockSkew = TimeSpan.Zero,
    };

    private static readonly ManualTimeProvider s_clock = new(s_message.IssuedAt.Value);

    /// <summary>What the login does with a signature string, asserting each step is total.</summary>
    private static bool VerifiesAsTheSigner(string? signature)
    {
        var decoded = Hex.TryDecode(signature, out var bytes);
        if (decoded)
        {
            // Hex accepts only 0x-or-bare hex digits, so the bytes print back as the same text, lowercased.
            var digits = signature!.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? signature[2..] : signature;
            Assert.Equal("0x" + digits.ToLowerInvariant(), Hex.Encode(bytes!));
            if (Erc6492.HasMagicSuffix(bytes))
            {
                Erc6492.TryUnwrap(bytes, out _);
            }

            PersonalMessage.TryRecoverSigner(s_message.ToString(), bytes, out _, out _);
        }

        var result = SiweMessageValidator.Validate(s_message, signature, s_parameters, s_clock);
        Assert.Equal(result.IsValid, result.ErrorCode is null);
        Assert.True(decoded || !result.IsValid);
        return result.IsValid;
    }

    [Fact]
    public void The_unmutated_vector_signature_verifies()
    {
        // Without this the test below would pass for a validator that rejects everything.
        Assert.True(VerifiesAsTheSigner(s_signature));
    }

    [Fact]
    public void Mutated_hex_signatures_never_throw_and_never_verify()
    {
        var run = new FuzzRun(nameof(Mutated_hex_signatures_never_throw_and_never_verify), 65);
        for (var i = 0; i < 3000; i++)
        {
            var signature = FuzzInput.Mutate(run.Random, s_signature, HexAlphabet);
            run.Case(i, signature, () =>
            {
                // Letter case, and v written as 0 instead of 27, spell the same signature; any other change is another one.
                var original = Hex.TryDecode(s_signature, out var originalBytes) ? originalBytes : throw new InvalidOperationException();
                var same = Hex.TryDecode(signature, out var bytes) && bytes.Length == 65 && bytes.AsSpan(0, 64).SequenceEqual(original.AsSpan(0, 64))
                    && (bytes[64] == original[64] || bytes[64] == original[64] - 27);
                Assert.Equal(same, VerifiesAsTheSigner(signature));
            });
        }
    }

    [Fact]
    public void Random_text_and_random_bytes_as_signatures_never_throw()
    {
        var run = new FuzzRun(nameof(Random_text_and_random_bytes_as_signatures_never_throw), 1271);
        for (var i = 0; i < 2000; i++)
        {
            string signature;
            switch (i % 4)
            {
                case 0:
                    signature = FuzzInput.RandomText(run.Random, 200);
                    break;
                case 1:
                    signature = "0x" + FuzzInput.FromAlphabet(run.Random, HexAlphabet, run.Random.Next(200));
                    break;
                case 2:
                    // 65 random bytes: r, s or v out of range, or a point not on the curve.
                    var raw = new byte[65];
                    run.Random.NextBytes(raw);
                    raw[64] = (byte)run.Random.Next(run.Random.Next(2) == 0 ? 4 : 256);
                    signature = Hex.Encode(raw);
                    break;
                default:
                    // Random bytes ending in the EIP-6492 suffix, sometimes with a well-formed head.
                    var body = new byte[run.Random.Next(0, 320)];
                    run.Random.NextBytes(body);
                    if (body.Length >= 96 && run.Random.Next(2) == 0)
                    {
                        Array.Clear(body, 0, 96);
                        body[31] = 0x60;
                        body[63] = (byte)run.Random.Next(0x80, 0x100);
                    }

                    signature = Hex.Encode([.. body, .. Erc6492.MagicSuffix]);
                    break;
            }

            run.Case(i, signature, () => Assert.False(VerifiesAsTheSigner(signature)));
        }
    }

    [Fact]
    public void Secp256k1_recovery_is_total_over_random_signatures_and_hashes()
    {
        var run = new FuzzRun(nameof(Secp256k1_recovery_is_total_over_random_signatures_and_hashes), 256);
        var hash = new byte[32];
        var publicKey = new byte[64];
        for (var i = 0; i < 1000; i++)
        {
            var signature = new byte[run.Random.Next(2) == 0 ? 65 : run.Random.Next(0, 70)];
            run.Random.NextBytes(signature);
            run.Random.NextBytes(hash);
            if (signature.Length == 65 && run.Random.Next(4) != 0)
            {
                signature[64] = (byte)(run.Random.Next(2) + (run.Random.Next(2) * 27)); // a valid v, so recovery itself runs
            }

            run.Case(i, Hex.Encode(signature), () => Secp256k1.TryRecoverPublicKey(hash, signature, publicKey, out _));
        }
    }
}
