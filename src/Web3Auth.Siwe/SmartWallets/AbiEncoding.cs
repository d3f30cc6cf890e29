using System.Buffers.Binary;

namespace Web3Auth.Siwe;

/// <summary>
/// The few Solidity ABI encodings the smart-wallet checks need: 32-byte words, addresses, and dynamic <c>bytes</c>
/// (length word, then the data padded with zeros to a multiple of 32). Decoding is bounds-checked and never throws.
/// </summary>
internal static class AbiEncoding
{
    public const int WordSize = 32;

    /// <summary>The encoded size of a dynamic <c>bytes</c> value: its length word plus its data rounded up to words.</summary>
    public static int BytesSize(int length) => WordSize + PaddedSize(length);

    public static int PaddedSize(int length) => (length + WordSize - 1) / WordSize * WordSize;

    public static void WriteAddress(Span<byte> word, EthereumAddress address)
    {
        word[..12].Clear();
        address.CopyTo(word[12..WordSize]);
    }

    public static void WriteUInt(Span<byte> word, int value)
    {
        word[..(WordSize - 4)].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(word[(WordSize - 4)..WordSize], (uint)value);
    }

    /// <summary>Writes the length word and the zero-padded data; returns the number of bytes written.</summary>
    public static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> data)
    {
        WriteUInt(destination, data.Length);
        data.CopyTo(destination[WordSize..]);
        var size = BytesSize(data.Length);
        destination[(WordSize + data.Length)..size].Clear();
        return size;
    }

    /// <summary>Reads an address word; its 12 high bytes must be zero, as Solidity's decoder requires.</summary>
    public static bool TryReadAddress(ReadOnlySpan<byte> encoded, int at, out EthereumAddress address)
    {
        address = default;
        if (at < 0 || encoded.Length - at < WordSize || encoded.Slice(at, 12).ContainsAnyExcept((byte)0))
        {
            return false;
        }

        address = new EthereumAddress(encoded.Slice(at + 12, EthereumAddress.Size));
        return true;
    }

    /// <summary>Reads an unsigned word that must fit in an <see cref="int"/> (offsets and lengths inside a signature do).</summary>
    public static bool TryReadInt(ReadOnlySpan<byte> encoded, int at, out int value)
    {
        value = 0;
        if (at < 0 || encoded.Length - at < WordSize || encoded.Slice(at, WordSize - 4).ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var candidate = BinaryPrimitives.ReadUInt32BigEndian(encoded.Slice(at + WordSize - 4, 4));
        if (candidate > int.MaxValue)
        {
            return false;
        }

        value = (int)candidate;
        return true;
    }

    /// <summary>
    /// Reads the dynamic <c>bytes</c> whose offset (from the start of <paramref name="encoded"/>) is in the head word at
    /// <paramref name="headAt"/>. Like Solidity's decoder, the offset and the length must stay inside the encoding;
    /// the padding after the data is not checked.
    /// </summary>
    public static bool TryReadBytes(ReadOnlySpan<byte> encoded, int headAt, out byte[] data)
    {
        data = [];
        if (!TryReadInt(encoded, headAt, out var offset) || !TryReadInt(encoded, offset, out var length)
            || length > encoded.Length - offset - WordSize)
        {
            return false;
        }

        data = encoded.Slice(offset + WordSize, length).ToArray();
        return true;
    }
}
