namespace Web3Auth.Siwe.Keys;

/// <summary>
/// Bitcoin's base58 (multibase <c>z</c>): the bytes as one big-endian number in base 58, plus one <c>'1'</c> for each
/// leading zero byte (which the number alone would lose). Every string over the alphabet decodes to exactly one byte
/// string and back, so a decoded value has one spelling. Quadratic in the length: meant for short values such as keys.
/// </summary>
internal static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var zeros = 0;
        while (zeros < bytes.Length && bytes[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) < 1.37 digits per byte. Digits are kept least significant first while they grow.
        Span<byte> digits = stackalloc byte[((bytes.Length - zeros) * 137 / 100) + 1];
        var length = 0;
        foreach (var b in bytes[zeros..])
        {
            int carry = b;
            for (var i = 0; i < length; i++)
            {
                carry += digits[i] << 8;
                digits[i] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry != 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        Span<char> text = stackalloc char[zeros + length];
        text[..zeros].Fill('1');
        for (var i = 0; i < length; i++)
        {
            text[zeros + i] = Alphabet[digits[length - 1 - i]];
        }

        return new string(text);
    }

    /// <summary>
    /// Decodes <paramref name="text"/> into <paramref name="destination"/>. Fails on a character outside the alphabet
    /// or a value that does not fit.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        // The number grows big-endian at the end of the destination; the zero bytes go in front at the end.
        var length = 0;
        foreach (var c in text[zeros..])
        {
            var carry = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                ref var b = ref destination[destination.Length - 1 - i];
                carry += b * 58;
                b = (byte)carry;
                carry >>= 8;
            }

            while (carry != 0)
            {
                if (zeros + length == destination.Length)
                {
                    return false;
                }

                destination[destination.Length - 1 - length] = (byte)carry;
                length++;
                carry >>= 8;
            }
        }

        if (zeros + length > destination.Length)
        {
            return false;
        }

        destination[(destination.Length - length)..].CopyTo(destination[zeros..]); // overlapping copies are safe
        destination[..zeros].Clear();
        written = zeros + length;
        return true;
    }
}
