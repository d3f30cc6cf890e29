using System.Net;
using System.Numerics;
using System.Text;
using Nethereum.Signer;
using Web3Auth.Siwe;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Testing;

namespace Web3Auth.Client.Tests;

/// <summary>
/// The private-key signer checked by recovery with Web3Auth.Siwe's ecrecover and against libsecp256k1; the Nethereum
/// recipe signing in for real.
/// </summary>
public class RootSignerTests
{
    private static readonly BigInteger HalfN = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_private_key_signer_recovers_to_its_address_with_low_s_and_v_27_or_28()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            using var signer = Web3PrivateKeySigner.Generate();
            var message = $"message {i} {random.Next()} ünïcødé\n" + new string('x', random.Next(200));
            var signature = Convert.FromHexString((await signer.SignPersonalMessageAsync(message))[2..]);

            Assert.Equal(65, signature.Length);
            Assert.InRange(signature[64], 27, 28);
            Assert.True(new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true) <= HalfN);
            Assert.True(PersonalMessage.TryRecoverSigner(message, signature, out var recovered, out var error), error.ToString());
            Assert.Equal(signer.Address, recovered);
        }
    }

    [Fact]
    public async Task The_private_key_signer_makes_the_RFC_6979_signature_libsecp256k1_makes()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var secret = Keccak256.Hash(Encoding.UTF8.GetBytes($"web3auth test wallet {seed}"));
            using var signer = new Web3PrivateKeySigner(secret);
            var wallet = TestWallet.FromSeed(seed);
            var message = $"Sign in {seed}";

            Assert.Equal(wallet.Address, signer.Address);
            Assert.Equal(wallet.SignPersonalMessage(message), await signer.SignPersonalMessageAsync(message));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x00")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")]
    [InlineData("0xzz00000000000000000000000000000000000000000000000000000000000001")]
    public void A_private_key_that_is_no_secp256k1_scalar_is_refused(string hex) =>
        Assert.Throws<ArgumentException>(() => Web3PrivateKeySigner.FromHex(hex));

    [Fact]
    public async Task A_disposed_signer_signs_nothing()
    {
        var signer = Web3PrivateKeySigner.FromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        Assert.Equal("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", signer.Address.ToString());
        signer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await signer.SignPersonalMessageAsync("x"));
    }

    [Fact]
    public async Task A_Nethereum_account_signs_in_through_the_adapter()
    {
        var key = EthECKey.GenerateKey();
        using var site = new Site(signer: new NethereumRootSigner(key), client: o => o.KeyType = Web3SessionKeyType.Secp256k1);
        using var http = site.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        site.Time.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);

        Assert.Equal(2, site.Signer.Count);
        Assert.Equal(key.GetPublicAddress(), site.Signer.Address.ToString());
    }

    [Fact]
    public async Task Nethereum_and_the_private_key_signer_make_the_same_signature()
    {
        for (var i = 0; i < 50; i++)
        {
            var key = EthECKey.GenerateKey();
            using var signer = new Web3PrivateKeySigner(key.GetPrivateKeyAsBytes());
            var message = $"app.example.com wants you to sign in {i}";

            Assert.Equal(key.GetPublicAddress(), signer.Address.ToString());
            Assert.Equal(await new NethereumRootSigner(key).SignPersonalMessageAsync(message, default), await signer.SignPersonalMessageAsync(message));
        }
    }
}
