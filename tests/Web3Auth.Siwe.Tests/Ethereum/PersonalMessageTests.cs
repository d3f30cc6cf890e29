using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe.Tests.Ethereum;

public class PersonalMessageTests
{
    [Fact]
    public void Hash_matches_the_ethers_wallet_library()
    {
        foreach (var vector in WalletVectors.Section("personalSign"))
        {
            Assert.Equal(vector.Bytes("hash"), PersonalMessage.Hash(vector.Text("message")));
        }
    }

    [Fact]
    public void Hash_of_hello_world_is_the_well_known_value()
    {
        // The personal_sign digest of "Hello World" quoted across Ethereum tooling documentation.
        Assert.Equal("0xa1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2", Hex.Encode(PersonalMessage.Hash("Hello World")));
    }

    [Fact]
    public void Signer_recovered_from_ethers_signatures_is_the_signing_wallet()
    {
        var count = 0;
        foreach (var vector in WalletVectors.Section("personalSign"))
        {
            var ok = PersonalMessage.TryRecoverSigner(vector.Text("message"), vector.Bytes("signature"), out var signer, out var error);
            Assert.True(ok, $"{vector.Text("address")}: {error}");
            Assert.Equal(SignatureError.None, error);
            Assert.Equal(vector.Text("address"), signer.ToString());
            count++;
        }

        Assert.True(count >= 100);
    }

    [Fact]
    public void Public_key_recovered_from_ethers_signatures_matches_the_wallet_key()
    {
        Span<byte> publicKey = stackalloc byte[Secp256k1.PublicKeySize];
        foreach (var vector in WalletVectors.Section("personalSign").Take(24))
        {
            var hash = vector.Bytes("hash");
            Assert.True(Secp256k1.TryRecoverPublicKey(hash, vector.Bytes("signature"), publicKey, out _));
            Assert.Equal(vector.Bytes("publicKey")[1..], publicKey.ToArray()); // ethers prints 0x04 || X || Y
        }
    }

    [Fact]
    public void A_signature_over_another_message_recovers_a_different_signer()
    {
        var vector = WalletVectors.Section("personalSign").First(v => v.Text("message") == "hello");
        Assert.True(PersonalMessage.TryRecoverSigner("hello!", vector.Bytes("signature"), out var signer, out _));
        Assert.NotEqual(vector.Text("address"), signer.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void A_signature_of_the_wrong_length_is_rejected_with_a_reason(int length)
    {
        Assert.False(PersonalMessage.TryRecoverSigner("hello", new byte[length], out var signer, out var error));
        Assert.Equal(SignatureError.InvalidLength, error);
        Assert.True(signer.IsZero);
    }
}
