using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>
/// A deliberately plain secp256k1 signer for tests (textbook affine arithmetic on <see cref="BigInteger"/>, random k,
/// not constant-time): it produces <c>personal_sign</c> signatures (<c>r‖s‖v</c>, low s, v = 27/28) for any message,
/// independently of the library's recovery code.
/// </summary>
internal sealed class TestWallet
{
    private static readonly BigInteger P = Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    private static readonly BigInteger N = Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    private static readonly (BigInteger X, BigInteger Y) G = (
        Hex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
        Hex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"));

    private readonly BigInteger _privateKey;

    public TestWallet(BigInteger privateKey)
    {
        _privateKey = privateKey;
        var (x, y) = Multiply(privateKey, G);
        var publicKey = new byte[64];
        ToBytes32(x).CopyTo(publicKey, 0);
        ToBytes32(y).CopyTo(publicKey, 32);
        Address = EthereumAddress.FromPublicKey(publicKey);
    }

    public EthereumAddress Address { get; }

    public static TestWallet FromHex(string privateKeyHex) => new(Hex(privateKeyHex));

    public static TestWallet Random()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var key = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) % (N - 1) + 1;
        return new TestWallet(key);
    }

    /// <summary>The EIP-191 <c>personal_sign</c> signature of <paramref name="message"/>.</summary>
    public byte[] Sign(string message)
    {
        var z = new BigInteger(PersonalMessage.Hash(message), isUnsigned: true, isBigEndian: true);
        while (true)
        {
            var k = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true) % N;
            if (k.IsZero)
            {
                continue;
            }

            var (rx, ry) = Multiply(k, G);
            var r = rx % N;
            if (r.IsZero || rx >= N)
            {
                continue; // rx ≥ n would need recovery ids 2/3, which Ethereum does not use.
            }

            var s = ModInverse(k, N) * (z + (r * _privateKey)) % N;
            if (s.IsZero)
            {
                continue;
            }

            var recoveryId = ry.IsEven ? 0 : 1;
            if (s > N / 2)
            {
                s = N - s;
                recoveryId ^= 1;
            }

            var signature = new byte[Secp256k1.SignatureSize];
            ToBytes32(r).CopyTo(signature, 0);
            ToBytes32(s).CopyTo(signature, 32);
            signature[64] = (byte)(27 + recoveryId);
            return signature;
        }
    }

    public string SignHex(string message) => Siwe.Hex.Encode(Sign(message));

    private static (BigInteger X, BigInteger Y) Multiply(BigInteger k, (BigInteger X, BigInteger Y) point)
    {
        (BigInteger X, BigInteger Y)? result = null;
        var addend = point;
        while (k > 0)
        {
            if (!k.IsEven)
            {
                result = result is null ? addend : Add(result.Value, addend);
            }

            addend = Add(addend, addend);
            k >>= 1;
        }

        return result ?? throw new ArgumentOutOfRangeException(nameof(k));
    }

    private static (BigInteger X, BigInteger Y) Add((BigInteger X, BigInteger Y) a, (BigInteger X, BigInteger Y) b)
    {
        BigInteger lambda;
        if (a.X == b.X)
        {
            if (Mod(a.Y + b.Y, P).IsZero)
            {
                throw new InvalidOperationException("Point at infinity; not reachable with a valid scalar.");
            }

            lambda = 3 * a.X * a.X * ModInverse(2 * a.Y, P);
        }
        else
        {
            lambda = (b.Y - a.Y) * ModInverse(b.X - a.X, P);
        }

        lambda = Mod(lambda, P);
        var x = Mod((lambda * lambda) - a.X - b.X, P);
        var y = Mod((lambda * (a.X - x)) - a.Y, P);
        return (x, y);
    }

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var result = value % modulus;
        return result.Sign < 0 ? result + modulus : result;
    }

    private static BigInteger ModInverse(BigInteger value, BigInteger modulus) => BigInteger.ModPow(Mod(value, modulus), modulus - 2, modulus);

    private static byte[] ToBytes32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }

    private static BigInteger Hex(string hex) =>
        BigInteger.Parse("0" + hex.Replace("0x", "", StringComparison.OrdinalIgnoreCase), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
