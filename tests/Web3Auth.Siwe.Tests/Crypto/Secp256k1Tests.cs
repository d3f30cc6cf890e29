using System.Numerics;
using Web3Auth.Siwe.Crypto;
using static Web3Auth.Siwe.Tests.Crypto.Secp256k1Reference;

namespace Web3Auth.Siwe.Tests.Crypto;

/// <summary>The recovery rules, checked against published vectors and constructed edge cases (no native code).</summary>
public class Secp256k1Tests
{
    // go-ethereum's ecrecover precompile test (core/vm/contracts_test.go): hash, r‖s, v = 27.
    private const string GethHash = "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e";
    private const string GethSignature =
        "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e" +
        "789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02" + "1b";

    private const string GethPublicKey =
        "861254a4cf8dfd2d60e2a33e3143eac6285886f0aed91711ab7e2c013f265c55" +
        "fd456667f3b08657795fe6754b6fbc11186714c4e4f48d5b856800e3e81c30c8";

    [Theory]
    [InlineData(GethHash, GethSignature, GethPublicKey, "0xCeACcaC640adf55B2028469Bd36ba501f28b699d")]
    [InlineData( // the classic ecrecover example with v = 28 (odd R.y)
        "456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3",
        "9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608" +
        "4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada" + "1c",
        "f57c1d4c961024e998eaec4b6bebec90e788ef5ade22e636ce76111b60db107d" +
        "4c3404b9908a2f357c84ccb48cf412be41d09574a9291c9c7eb5173ccf2a339f",
        "0x7156526fbD7a3C72969B54f64e42c10fbb768C8a")]
    public void Published_ecrecover_vectors_recover_the_expected_key_and_address(string hash, string signature, string publicKey, string address)
    {
        var recovered = new byte[64];
        Assert.True(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(hash), Convert.FromHexString(signature), recovered, out var error));
        Assert.Equal(SignatureError.None, error);
        Assert.Equal(publicKey, Convert.ToHexStringLower(recovered));
        Assert.Equal(address, EthereumAddress.FromPublicKey(recovered).ToString());
    }

    [Fact]
    public void Web3js_personal_sign_example_recovers_its_account()
    {
        // web3.eth.accounts.sign('Some data', '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318').
        var signature = Convert.FromHexString(
            "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd" +
            "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a029" + "1c");
        Assert.Equal("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655", Convert.ToHexStringLower(PersonalMessage.Hash("Some data")));
        Assert.True(PersonalMessage.TryRecoverSigner("Some data", signature, out var signer, out var error), error.ToString());
        Assert.Equal("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", signer.ToString());
    }

    [Fact]
    public void Only_v_0_1_27_and_28_are_accepted_and_27_28_mean_0_1()
    {
        var hash = Convert.FromHexString(GethHash);
        var signature = Convert.FromHexString(GethSignature);
        var byRecoveryId = new byte[2][];
        for (var v = 0; v <= 255; v++)
        {
            signature[64] = (byte)v;
            var publicKey = new byte[64];
            var ok = Secp256k1.TryRecoverPublicKey(hash, signature, publicKey, out var error);
            if (v is 0 or 1 or 27 or 28)
            {
                Assert.True(ok, $"v = {v}: {error}");
                var recoveryId = v >= 27 ? v - 27 : v;
                byRecoveryId[recoveryId] ??= publicKey;
                Assert.Equal(byRecoveryId[recoveryId], publicKey);
            }
            else
            {
                Assert.False(ok, $"v = {v}");
                Assert.Equal(SignatureError.InvalidRecoveryId, error);
            }
        }

        Assert.Equal(GethPublicKey, Convert.ToHexStringLower(byRecoveryId[0]!));
        Assert.NotEqual(byRecoveryId[0], byRecoveryId[1]); // the other parity is −R: a different signer
    }

    [Theory]
    [InlineData(0, 65)]
    [InlineData(31, 65)]
    [InlineData(33, 65)]
    [InlineData(32, 0)]
    [InlineData(32, 64)]
    [InlineData(32, 66)]
    public void Wrong_lengths_are_rejected(int hashLength, int signatureLength)
    {
        var hash = new byte[hashLength];
        var signature = new byte[signatureLength];
        var source = Convert.FromHexString(GethSignature);
        source.AsSpan(0, Math.Min(signatureLength, 65)).CopyTo(signature);
        Convert.FromHexString(GethHash).AsSpan(0, Math.Min(hashLength, 32)).CopyTo(hash);
        Assert.False(Secp256k1.TryRecoverPublicKey(hash, signature, new byte[64], out var error));
        Assert.Equal(SignatureError.InvalidLength, error);
    }

    [Fact]
    public void A_too_short_destination_is_a_caller_bug_and_throws()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), Convert.FromHexString(GethSignature), new byte[63], out _));
        Assert.Equal("publicKey", exception.ParamName);

        // Even for garbage input: the buffer check comes first, so the bug cannot hide behind a bad signature.
        Assert.Throws<ArgumentException>(() => Secp256k1.TryRecoverPublicKey([], [], [], out _));
    }

    [Fact]
    public void A_longer_destination_receives_the_key_in_its_first_64_bytes_only()
    {
        var destination = Enumerable.Repeat((byte)0xAA, 70).ToArray();
        Assert.True(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), Convert.FromHexString(GethSignature), destination, out _));
        Assert.Equal(GethPublicKey, Convert.ToHexStringLower(destination.AsSpan(0, 64)));
        Assert.All(destination[64..], b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void A_failed_recovery_clears_the_destination()
    {
        var signature = Convert.FromHexString(GethSignature);
        signature[64] = 2;
        var destination = Enumerable.Repeat((byte)0xAA, 64).ToArray();
        Assert.False(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), signature, destination, out _));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    public static TheoryData<string, SignatureError> InvalidRAndS => new()
    {
        { "r=0", SignatureError.InvalidR },
        { "r=n", SignatureError.InvalidR },
        { "r=n+1", SignatureError.InvalidR },
        { "r=p-1", SignatureError.InvalidR },
        { "r=p", SignatureError.InvalidR },
        { "r=2^256-1", SignatureError.InvalidR },
        { "s=0", SignatureError.InvalidS },
        { "s=n", SignatureError.InvalidS },
        { "s=n+1", SignatureError.InvalidS },
        { "s=p-1", SignatureError.InvalidS },
        { "s=p", SignatureError.InvalidS },
        { "s=2^256-1", SignatureError.InvalidS },
        { "s=n-1", SignatureError.HighS },
        { "s=n/2+1", SignatureError.HighS },
    };

    [Theory]
    [MemberData(nameof(InvalidRAndS))]
    public void R_and_s_outside_their_ranges_are_rejected(string change, SignatureError expected)
    {
        var signature = Convert.FromHexString(GethSignature);
        var (part, value) = (change[0], change[2..]);
        ToBytes32(Named(value)).CopyTo(signature.AsSpan(part == 'r' ? 0 : 32));
        Assert.False(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), signature, new byte[64], out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void S_equal_to_half_the_order_is_still_low()
    {
        // With s = ⌊n/2⌋ the signature still recovers a key (of some signer); one more and it is malleated.
        var signature = Convert.FromHexString(GethSignature);
        ToBytes32(HalfN).CopyTo(signature.AsSpan(32));
        Assert.True(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), signature, new byte[64], out var error), error.ToString());
        ToBytes32(HalfN + 1).CopyTo(signature.AsSpan(32));
        Assert.False(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), signature, new byte[64], out error));
        Assert.Equal(SignatureError.HighS, error);
    }

    [Fact]
    public void R_that_is_no_x_coordinate_on_the_curve_is_rejected()
    {
        // x = 5: 5³ + 7 = 132 is not a square mod p, so no curve point has it.
        Assert.False(BigInteger.ModPow(132, (P - 1) / 2, P).IsOne);
        var signature = Convert.FromHexString(GethSignature);
        ToBytes32(5).CopyTo(signature.AsSpan(0));
        Assert.False(Secp256k1.TryRecoverPublicKey(Convert.FromHexString(GethHash), signature, new byte[64], out var error));
        Assert.Equal(SignatureError.RNotOnCurve, error);
    }

    [Fact]
    public void Hash_above_the_group_order_is_reduced_mod_n()
    {
        // e and e + n sign the same message as far as ECDSA is concerned.
        var signature = Convert.FromHexString(GethSignature);
        var small = new byte[64];
        var large = new byte[64];
        Assert.True(Secp256k1.TryRecoverPublicKey(ToBytes32(5), signature, small, out _));
        Assert.True(Secp256k1.TryRecoverPublicKey(ToBytes32(N + 5), signature, large, out _));
        Assert.Equal(small, large);
    }

    internal static BigInteger Named(string value) => value switch
    {
        "0" => 0,
        "1" => 1,
        "n-1" => N - 1,
        "n" => N,
        "n+1" => N + 1,
        "n/2" => HalfN,
        "n/2+1" => HalfN + 1,
        "p-1" => P - 1,
        "p" => P,
        "2^256-1" => TwoPow256 - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };
}
