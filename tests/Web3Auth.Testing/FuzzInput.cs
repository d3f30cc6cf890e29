using System.Text;

namespace Web3Auth.Testing;

/// <summary>
/// Random and mutated inputs for the parsers that read request data: text from random bytes, text over a chosen
/// alphabet, and small edits (replace, insert, delete, truncate, duplicate, swap) of a valid input, which reach
/// deeper than pure noise because most of the input stays well formed.
/// </summary>
public static class FuzzInput
{
    public const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Characters parsers trip on: other alphabets' symbols, separators, controls, lone surrogates, non-ASCII digits.</summary>
    public const string Awkward = "+/=.,;: \t\r\n\0\"'\\{}[]%#?@é\u00a0\u0660\u0661\u2028\ufeff\ufffd\ud800\udc00\U0001F600";

    /// <summary>Random bytes read as UTF-8 (with replacement characters), as Latin-1, or as random UTF-16 code units.</summary>
    public static string RandomText(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return random.Next(3) switch
        {
            0 => Encoding.UTF8.GetString(bytes),
            1 => Encoding.Latin1.GetString(bytes),
            _ => new string([.. Enumerable.Range(0, bytes.Length / 2).Select(_ => (char)random.Next(0x10000))]),
        };
    }

    /// <summary>A string of <paramref name="length"/> characters drawn from <paramref name="alphabet"/>.</summary>
    public static string FromAlphabet(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>One to <paramref name="maxEdits"/> edits of <paramref name="text"/>, new characters drawn from <paramref name="pool"/>.</summary>
    public static string Mutate(Random random, string text, string pool, int maxEdits = 3)
    {
        var result = new StringBuilder(text);
        for (var edits = 1 + random.Next(maxEdits); edits > 0; edits--)
        {
            var at = result.Length == 0 ? 0 : random.Next(result.Length);
            var c = pool[random.Next(pool.Length)];
            switch (random.Next(7))
            {
                case 0 when result.Length > 0:
                    result[at] = c;
                    break;
                case 1:
                    result.Insert(random.Next(result.Length + 1), c);
                    break;
                case 2 when result.Length > 0:
                    result.Remove(at, 1);
                    break;
                case 3:
                    result.Length = random.Next(result.Length + 1);
                    break;
                case 4 when result.Length > 0: // duplicate a slice
                    var length = 1 + random.Next(Math.Min(16, result.Length - at));
                    result.Insert(at, result.ToString(at, length));
                    break;
                case 5 when result.Length > 1: // swap two characters
                    var other = random.Next(result.Length);
                    (result[at], result[other]) = (result[other], result[at]);
                    break;
                default: // replace with an awkward character whatever the pool
                    if (result.Length > 0)
                    {
                        result[at] = Awkward[random.Next(Awkward.Length)];
                    }

                    break;
            }
        }

        return result.ToString();
    }
}
