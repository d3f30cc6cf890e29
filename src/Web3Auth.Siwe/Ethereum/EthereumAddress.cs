using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Web3Auth.Siwe.Crypto;

namespace Web3Auth.Siwe;

/// <summary>
/// A 20-byte Ethereum account address. Parses any case (a mixed-case address must carry a valid EIP-55 checksum)
/// and always prints the EIP-55 checksum form.
/// </summary>
public readonly struct EthereumAddress : IEquatable<EthereumAddress>
{
    /// <summary>Size of an address in bytes.</summary>
    public const int Size = 20;

    // Big-endian halves of the 20 bytes; value semantics without a heap allocation.
    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly uint _low;

    /// <summary>Creates an address from its 20 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 20 bytes long.</exception>
    public EthereumAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("An Ethereum address is exactly 20 bytes.", nameof(bytes));
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The all-zero address, which no private key controls.</summary>
    public static EthereumAddress Zero => default;

    /// <summary>Whether this is the all-zero address.</summary>
    public bool IsZero => _high == 0 && _middle == 0 && _low == 0;

    /// <summary>
    /// The address of the account that owns an uncompressed secp256k1 public key
    /// (64 bytes <c>X‖Y</c>, without the <c>0x04</c> prefix): the last 20 bytes of its Keccak-256.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 64 bytes long.</exception>
    public static EthereumAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 64)
        {
            throw new ArgumentException("An uncompressed public key without prefix is 64 bytes.", nameof(publicKey));
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(publicKey, hash);
        return new EthereumAddress(hash[12..]);
    }

    /// <summary>
    /// Parses <c>0x</c> followed by 40 hexadecimal digits. All-lowercase and all-uppercase are accepted as
    /// unchecksummed; mixed case must match the EIP-55 checksum exactly.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthereumAddress address) =>
        TryParse(text.AsSpan(), requireChecksum: false, out address);

    /// <summary>Parses an address that must be written exactly in its EIP-55 checksum form (as EIP-4361 requires).</summary>
    public static bool TryParseChecksummed([NotNullWhen(true)] string? text, out EthereumAddress address) =>
        TryParse(text.AsSpan(), requireChecksum: true, out address);

    /// <summary>Parses an address like <see cref="TryParse(string?, out EthereumAddress)"/>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid address.</exception>
    public static EthereumAddress Parse(string text) =>
        TryParse(text, out var address)
            ? address
            : throw new FormatException("Not an Ethereum address: expected 0x and 40 hex digits, with a valid EIP-55 checksum if mixed case.");

    private static bool TryParse(ReadOnlySpan<char> text, bool requireChecksum, out EthereumAddress address)
    {
        address = default;
        if (text.Length != 2 + (Size * 2) || text[0] != '0' || text[1] != 'x')
        {
            return false;
        }

        var digits = text[2..];
        Span<byte> bytes = stackalloc byte[Size];
        bool hasLower = false, hasUpper = false;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
            var nibble = Hex.NibbleValue(c);
            if (nibble < 0)
            {
                return false;
            }

            bytes[i / 2] = (byte)((bytes[i / 2] << 4) | nibble);
        }

        var candidate = new EthereumAddress(bytes);
        var mustMatchChecksum = requireChecksum || (hasLower && hasUpper);
        if (mustMatchChecksum)
        {
            Span<char> expected = stackalloc char[2 + (Size * 2)];
            candidate.FormatChecksum(expected);
            if (!text.SequenceEqual(expected))
            {
                return false;
            }
        }

        address = candidate;
        return true;
    }

    /// <summary>Copies the 20 address bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _low);
    }

    /// <summary>The 20 address bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The EIP-55 checksum form, for example <c>0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed</c>.</summary>
    public override string ToString() => string.Create(2 + (Size * 2), this, static (chars, self) => self.FormatChecksum(chars));

    /// <summary>The lowercase form, handy as a case-insensitive key.</summary>
    public string ToLowercaseString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    // EIP-55: a hex letter is uppercase when the matching nibble of keccak256(lowercase hex) is >= 8.
    private void FormatChecksum(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        Span<byte> lowerHex = stackalloc byte[Size * 2];
        for (var i = 0; i < Size; i++)
        {
            lowerHex[2 * i] = (byte)Hex.LowerDigit(bytes[i] >> 4);
            lowerHex[(2 * i) + 1] = (byte)Hex.LowerDigit(bytes[i] & 0xF);
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(lowerHex, hash);

        destination[0] = '0';
        destination[1] = 'x';
        for (var i = 0; i < Size * 2; i++)
        {
            var c = (char)lowerHex[i];
            var hashNibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0xF;
            destination[2 + i] = (c >= 'a' && hashNibble >= 8) ? (char)(c - 32) : c;
        }
    }

    /// <inheritdoc />
    public bool Equals(EthereumAddress other) => _high == other._high && _middle == other._middle && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EthereumAddress other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _middle, _low);

    /// <summary>Compares two addresses byte for byte.</summary>
    public static bool operator ==(EthereumAddress left, EthereumAddress right) => left.Equals(right);

    /// <summary>Compares two addresses byte for byte.</summary>
    public static bool operator !=(EthereumAddress left, EthereumAddress right) => !left.Equals(right);
}
