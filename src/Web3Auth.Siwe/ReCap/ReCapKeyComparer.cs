namespace Web3Auth.Siwe;

/// <summary>
/// The order EIP-5573 requires for the keys of every object in a ReCap: by UTF-8 byte value, a string that is a
/// prefix of another first (so <c>msg/send</c> precedes <c>msg/send-to</c>).
/// </summary>
/// <remarks>
/// UTF-8 byte order equals Unicode code point order. It also equals JavaScript's <c>Array.sort()</c> (UTF-16 code
/// units), which the EIP cites as equivalent, except when a character in U+E000–U+FFFF meets one above U+FFFF;
/// there the EIP's normative "byte value" wins.
/// </remarks>
internal sealed class ReCapKeyComparer : IComparer<string>
{
    public static readonly ReCapKeyComparer Instance = new();

    private ReCapKeyComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return CodePointRank(x[i]) - CodePointRank(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    // UTF-16 code-unit order differs from code-point order only between surrogates (D800–DFFF, which encode
    // U+10000 and above) and E000–FFFF: lift surrogates above, shift E000–FFFF down into the gap.
    private static int CodePointRank(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
