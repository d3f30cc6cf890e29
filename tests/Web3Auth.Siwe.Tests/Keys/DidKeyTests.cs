using System.Buffers.Text;
using System.Numerics;
using System.Security.Cryptography;
using Web3Auth.Siwe.Keys;
using Web3Auth.Testing;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Keys;

/// <summary>
/// <see cref="DidKey"/> against the W3C CCG did:key test vectors (<c>test-vectors/nist-curves.json</c> and
/// <c>test-vectors/secp256k1.json</c> of w3c-ccg/did-method-key), real keys of both curves, and every malformed
/// spelling we could think of: only the one canonical name of a key is read.
/// </summary>
public class DidKeyTests
{
    private const int Seed = 4361;

    private const string P256Did = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
    private const string Secp256k1Did = "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme";

    // The points of the first vector of each curve, in hex.
    private const string P256X = "7f235830dd3defa722ef1aa249d6a0ddbba4f990b0817538933f573640653542";
    private const string P256Y = "856da88d335f1fb25b8bcfbe089528dce09b1f7cb99fdd60f88300f4c2cc6d35";
    private const string Secp256k1X = "874c15c7fda20e539c6e5ba573c139884c351188799f5458b4b41f7924f235cd";
    private const string Secp256k1Y = "3b61004c819bbba0decca169b63e6c7002119ed81f79c6a754d5f16add6b9f01";

    [Theory]
    [InlineData(P256Did, "fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI", "hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU", "YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI")]
    [InlineData("did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv", "igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns", "efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM", "gPh-VvVS8MbvKQ9LSVVmfnxnKjHn4Tqj0bmbpehRlpc")]
    public void P256_vectors_name_their_JWK_point(string did, string x, string y, string d)
    {
        var (jwkX, jwkY) = (Base64Url.DecodeFromChars(x), Base64Url.DecodeFromChars(y));

        // The vector's public point is the one of its private key (checked by .NET, not by us).
        using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = Base64Url.DecodeFromChars(d) });
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        Assert.Equal(jwkX, q.X);
        Assert.Equal(jwkY, q.Y);

        Assert.Equal(did, DidKey.Encode(SessionKeyCurve.P256, jwkX, jwkY));
        Assert.True(DidKey.TryParse(did, out var curve, out var parsedX, out var parsedY));
        Assert.Equal(SessionKeyCurve.P256, curve);
        Assert.Equal(jwkX, parsedX);
        Assert.Equal(jwkY, parsedY);
    }

    [Theory]
    [InlineData(Secp256k1Did, "9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c", "23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv")]
    [InlineData("did:key:zQ3shtxV1FrJfhqE1dvxYRcCknWNjHc3c5X1y3ZSoPDi2aur2", "f0f4df55a2b3ff13051ea814a8f24ad00f2e469af73c363ac7e9fb999a9072ed", "291KzQhqCPC18PqH83XKhxv1HdqrdnxyS7dh15t2uNRzJ")]
    [InlineData("did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N", "6b0b91287ae3348f8c2f2552d766f30e3604867e34adc37ccbb74a8e6b893e02", "oesQ92MLiAkt2pjBcJFbW7H4DvzKJv22cotjYbmC2JEe")]
    [InlineData("did:key:zQ3shadCps5JLAHcZiuX5YUtWHHL8ysBJqFLWvjZDKAWUBGzy", "c0a6a7c560d37d7ba81ecee9543721ff48fea3e0fb827d42c1868226540fac15", "pg3p1vprqePgUoqfAQ1TTgxhL6zLYhHyzooR1pqLxo9F")]
    [InlineData("did:key:zQ3shptjE6JwdkeKN4fcpnYQY3m9Cet3NiHdAfpvSUZBFoKBj", "175a232d440be1e0788f25488a73d9416c04b6f924bea6354bf05dd2f1a75133", "24waDFAUAS16UpZwQQTXVEAmm17rQRjadjuAeBDW8aqL1")]
    public void Secp256k1_vectors_name_the_public_key_of_their_seed(string did, string seed, string publicKeyBase58)
    {
        // The point comes from libsecp256k1 and the vector's private key (its seed), not from our decompression.
        var publicKey = Libsecp256k1.Instance.CreatePublicKey(Convert.FromHexString(seed));
        var (x, y) = (publicKey[..32], publicKey[32..]);

        Assert.Equal(did, DidKey.Encode(SessionKeyCurve.Secp256k1, x, y));
        Assert.True(DidKey.TryParse(did, out var curve, out var parsedX, out var parsedY));
        Assert.Equal(SessionKeyCurve.Secp256k1, curve);
        Assert.Equal(x, parsedX);
        Assert.Equal(y, parsedY);

        // The vector's publicKeyBase58 is the bare compressed point inside the DID.
        var compressed = new byte[33];
        Assert.True(Base58Btc.TryDecode(publicKeyBase58, compressed, out var written));
        Assert.Equal(33, written);
        byte[] expected = [(byte)(0x02 | (y[31] & 1)), .. x];
        Assert.Equal(expected, compressed);
    }

    [Fact]
    public void A_thousand_random_P256_keys_round_trip()
    {
        for (var i = 0; i < 1_000; i++)
        {
            using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var q = key.ExportParameters(includePrivateParameters: false).Q;
            AssertRoundTrip(SessionKeyCurve.P256, q.X!, q.Y!, "did:key:zDn", $"iteration {i}");
        }
    }

    [Fact]
    public void A_thousand_random_secp256k1_keys_round_trip()
    {
        var library = Libsecp256k1.Instance;
        var random = new Random(Seed);
        for (var i = 0; i < 1_000; i++)
        {
            var publicKey = library.CreatePublicKey(SessionKeyPointsTests.SecretKey(random, library));
            AssertRoundTrip(SessionKeyCurve.Secp256k1, publicKey[..32], publicKey[32..], "did:key:zQ3s", $"Seed {Seed}, iteration {i}");
        }
    }

    public static TheoryData<string, string?> MalformedText => new()
    {
        { "null", null },
        { "empty", "" },
        { "prefix alone", "did:key:z" },
        { "no multibase prefix", "did:key:" },
        { "no method-specific id", "did:key" },
        { "uppercase method", P256Did.Replace("did:key:", "DID:KEY:", StringComparison.Ordinal) },
        { "uppercase multibase prefix", P256Did.Replace("did:key:z", "did:key:Z", StringComparison.Ordinal) },
        { "other multibase (base64url)", "did:key:u7QEDh0wVx_2iDlOcbluleME5iEw1EYh5n1RYtLQfeSTyNc0" },
        { "other method", P256Did.Replace("did:key:", "did:web:", StringComparison.Ordinal) },
        { "all uppercase", P256Did.ToUpperInvariant() },
        { "all lowercase", P256Did.ToLowerInvariant() },
        { "leading space", " " + P256Did },
        { "trailing space", P256Did + " " },
        { "trailing newline", P256Did + "\n" },
        { "tab inside", P256Did.Insert(20, "\t") },
        { "fragment", P256Did + "#" + P256Did["did:key:".Length..] },
        { "empty fragment", P256Did + "#" },
        { "query", P256Did + "?service=x" },
        { "path", P256Did + "/path" },
        { "zero", P256Did[..^1] + "0" },
        { "capital O", P256Did[..^1] + "O" },
        { "capital I", P256Did[..^1] + "I" },
        { "small l", P256Did[..^1] + "l" },
        { "non-ASCII letter", P256Did[..^1] + "é" },
        { "fullwidth digit", P256Did[..^1] + "９" },
        { "a character dropped", P256Did[..^1] },
        { "a character added", P256Did + "2" },
        { "a leading 1 (a zero byte in front)", P256Did.Insert("did:key:z".Length, "1") },
        { "over 64 characters of valid base58", Secp256k1Did + "2222222" },
        { "very long", "did:key:z" + new string('2', 100_000) },
    };

    [Theory]
    [MemberData(nameof(MalformedText))]
    public void Malformed_text_is_refused(string name, string? did)
    {
        AssertRefused(did, name);
    }

    public static TheoryData<string, string> MalformedBytes => new()
    {
        { "ed25519-pub codec", "ed01" + "03" + P256X },
        { "p384-pub codec", "8124" + "03" + P256X },
        { "unknown one-byte codec", "e8" + "03" + P256X },
        { "non-minimal varint for secp256k1-pub", "e78100" + "03" + Secp256k1X },
        { "P-256 codec, 65-byte uncompressed point", "8024" + "04" + P256X + P256Y },
        { "secp256k1 codec, 65-byte uncompressed point", "e701" + "04" + Secp256k1X + Secp256k1Y },
        { "prefix 0x04 on 33 bytes", "8024" + "04" + P256X },
        { "prefix 0x00", "8024" + "00" + P256X },
        { "prefix 0x01", "8024" + "01" + P256X },
        { "prefix 0x05", "e701" + "05" + Secp256k1X },
        { "codec alone", "8024" },
        { "prefix without x", "e70102" },
        { "x one byte short", "8024" + "03" + P256X[2..] },
        { "a trailing byte", "8024" + "03" + P256X + "00" },
        { "a zero byte in front", "00" + "8024" + "03" + P256X },
        { "the P-256 point under the secp256k1 codec", "e701" + "03" + P256X },
        { "P-256 x = p", "8024" + "02" + "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff" },
        { "secp256k1 x = p", "e701" + "02" + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f" },
        { "secp256k1 x = p + 1 (1 wrapped)", "e701" + "02" + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30" },
        { "x = 2^256 − 1", "8024" + "02" + new string('f', 64) },
        { "secp256k1 x with no point (x = 5)", "e701" + "02" + "0000000000000000000000000000000000000000000000000000000000000005" },
        { "P-256 x with no point", "8024" + "02" + P256XWithNoPoint() },
    };

    [Theory]
    [MemberData(nameof(MalformedBytes))]
    public void Malformed_contents_are_refused(string name, string hex)
    {
        AssertRefused("did:key:z" + Base58Btc.Encode(Convert.FromHexString(hex)), name);
    }

    [Fact]
    public void Every_one_character_change_is_refused_or_names_another_key_by_its_canonical_name()
    {
        // Base58 is a bijection, so a changed character that still parses must be the canonical name of that key.
        foreach (var did in new[] { P256Did, Secp256k1Did })
        {
            var accepted = 0;
            for (var position = "did:key:z".Length; position < did.Length; position++)
            {
                foreach (var c in "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
                {
                    if (c == did[position])
                    {
                        continue;
                    }

                    var changed = did[..position] + c + did[(position + 1)..];
                    if (DidKey.TryParse(changed, out var curve, out var x, out var y))
                    {
                        accepted++;
                        Assert.Equal(changed, DidKey.Encode(curve, x, y));
                    }
                }
            }

            // Changes in the point's x give other keys about half of the time; changes in the codec never.
            Assert.InRange(accepted, 100, 2_000);
        }
    }

    [Fact]
    public void Random_strings_never_make_TryParse_throw()
    {
        const string Characters = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl:dik#?/ \u00e9";
        var random = new Random(Seed);
        for (var i = 0; i < 5_000; i++)
        {
            var body = new string(Enumerable.Range(0, random.Next(0, 70)).Select(_ => Characters[random.Next(Characters.Length)]).ToArray());
            var did = random.Next(4) == 0 ? body : "did:key:z" + body;
            if (DidKey.TryParse(did, out var curve, out var x, out var y))
            {
                Assert.Equal(did, DidKey.Encode(curve, x, y));
            }
        }
    }

    [Theory]
    [InlineData(SessionKeyCurve.P256)]
    [InlineData(SessionKeyCurve.Secp256k1)]
    public void Encoding_a_point_that_is_not_on_the_curve_throws(SessionKeyCurve curve)
    {
        var (x, y) = curve == SessionKeyCurve.P256
            ? (Convert.FromHexString(P256X), Convert.FromHexString(P256Y))
            : (Convert.FromHexString(Secp256k1X), Convert.FromHexString(Secp256k1Y));
        Assert.NotNull(DidKey.Encode(curve, x, y));

        var changedY = (byte[])y.Clone();
        changedY[31] ^= 1;
        Assert.Throws<ArgumentException>(() => DidKey.Encode(curve, x, changedY));
        Assert.Throws<ArgumentException>(() => DidKey.Encode(curve, x.AsSpan(1), y));
        Assert.Throws<ArgumentException>(() => DidKey.Encode(curve, x, [0, .. y]));
        Assert.Throws<ArgumentException>(() => DidKey.Encode(curve, [], []));
        Assert.Throws<ArgumentException>(() => DidKey.Encode(curve == SessionKeyCurve.P256 ? SessionKeyCurve.Secp256k1 : SessionKeyCurve.P256, x, y));
        Assert.ThrowsAny<ArgumentException>(() => DidKey.Encode((SessionKeyCurve)2, x, y));
    }

    private static string P256XWithNoPoint()
    {
        var x = BigInteger.One;
        while (P256Reference.TryY(x, out _))
        {
            x++;
        }

        return Convert.ToHexStringLower(ToBytes32(x));
    }

    private static void AssertRoundTrip(SessionKeyCurve curve, byte[] x, byte[] y, string prefix, string context)
    {
        var did = DidKey.Encode(curve, x, y);
        Assert.StartsWith(prefix, did, StringComparison.Ordinal);
        Assert.Equal(57, did.Length);
        Assert.True(DidKey.TryParse(did, out var parsedCurve, out var parsedX, out var parsedY), $"{context}: {did}");
        Assert.Equal(curve, parsedCurve);
        Assert.Equal(x, parsedX);
        Assert.Equal(y, parsedY);
    }

    private static void AssertRefused(string? did, string name)
    {
        Assert.False(DidKey.TryParse(did, out var curve, out var x, out var y), name);
        Assert.Equal(default, curve);
        Assert.Empty(x);
        Assert.Empty(y);
    }
}
