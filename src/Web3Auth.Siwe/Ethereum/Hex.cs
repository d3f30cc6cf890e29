using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.Siwe;

/// <summary>Hexadecimal helpers for the <c>0x</c>-prefixed strings wallets exchange.</summary>
public static class Hex
{
    /// <summary>
    /// Decodes <c>0x</c>-prefixed (or bare) hexadecimal of even length, either case.
    /// Returns <see langword="false"/> for anything else; never throws.
    /// </summary>
    public static bool TryDecode([NotNullWhen(true)] string? text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null)
        {
            return false;
        }

        var digits = text.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length % 2 != 0)
        {
            return false;
        }

        var result = new byte[digits.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var high = NibbleValue(digits[2 * i]);
            var low = NibbleValue(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            result[i] = (byte)((high << 4) | low);
        }

        bytes = result;
        return true;
    }

    /// <summary>Encodes bytes as lowercase hexadecimal with a <c>0x</c> prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    internal static int NibbleValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static char LowerDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
