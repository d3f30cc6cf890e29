using System.Globalization;
using System.Text;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>Generates random but valid EIP-4361 fields, covering every branch of the grammar.</summary>
internal sealed class RandomSiweFields(Random random)
{
    private const string Alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digit = "0123456789";
    private const string HexDigit = "0123456789abcdefABCDEF";
    private const string Unreserved = Alpha + Digit + "-._~";
    private const string SubDelims = "!$&'()*+,;=";
    private const string GenDelims = ":/?#[]@";
    private const string Pchar = Unreserved + SubDelims + ":@";

    public SiweMessageBuilder Next()
    {
        var builder = new SiweMessageBuilder
        {
            Scheme = Maybe(Scheme),
            Domain = Authority(requireHost: true),
            Address = new EthereumAddress(Bytes(20)).ToString(),
            Statement = Maybe(() => String(0, 80, Unreserved + SubDelims + GenDelims + " ")),
            Uri = Uri(),
            ChainId = random.Next(4) switch
            {
                0 => 1,
                1 => (ulong)random.Next(),
                2 => ulong.MaxValue - (ulong)random.Next(3),
                _ => 0,
            },
            Nonce = String(8, 40, Alpha + Digit),
            IssuedAt = Timestamp(),
            ExpirationTime = Maybe(Timestamp),
            NotBefore = Maybe(Timestamp),
            RequestId = Maybe(() => PcharString(0, 30)),
        };

        if (random.Next(3) > 0)
        {
            builder.Resources = [.. Enumerable.Range(0, random.Next(5)).Select(_ => Uri())];
        }

        return builder;
    }

    public string Timestamp()
    {
        var year = random.Next(1000, 9000);
        var month = random.Next(1, 13);
        var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
        text.Append(random.Next(8) == 0 ? 't' : 'T');
        text.Append(CultureInfo.InvariantCulture, $"{random.Next(24):D2}:{random.Next(60):D2}:{random.Next(60):D2}");
        var fractionDigits = random.Next(-3, 12);
        if (fractionDigits > 0)
        {
            text.Append('.').Append(String(fractionDigits, fractionDigits, Digit));
        }

        switch (random.Next(4))
        {
            case 0:
                text.Append('Z');
                break;
            case 1:
                text.Append('z');
                break;
            default:
                text.Append(random.Next(2) == 0 ? '+' : '-');
                text.Append(CultureInfo.InvariantCulture, $"{random.Next(24):D2}:{random.Next(60):D2}");
                break;
        }

        return text.ToString();
    }

    public string Uri()
    {
        var text = new StringBuilder(Scheme()).Append(':');
        switch (random.Next(4))
        {
            case 0:
                text.Append("//").Append(Authority(requireHost: false));
                for (var i = random.Next(4); i > 0; i--)
                {
                    text.Append('/').Append(PcharString(0, 10));
                }

                break;
            case 1:
                text.Append('/');
                if (random.Next(2) == 0)
                {
                    text.Append(PcharString(1, 10));
                    for (var i = random.Next(3); i > 0; i--)
                    {
                        text.Append('/').Append(PcharString(0, 10));
                    }
                }

                break;
            case 2:
                text.Append(PcharString(1, 10));
                for (var i = random.Next(3); i > 0; i--)
                {
                    text.Append('/').Append(PcharString(0, 10));
                }

                break;
            default:
                break;
        }

        if (random.Next(3) == 0)
        {
            text.Append('?').Append(String(0, 20, Pchar + "/?"));
        }

        if (random.Next(3) == 0)
        {
            text.Append('#').Append(String(0, 20, Pchar + "/?"));
        }

        return text.ToString();
    }

    public string Authority(bool requireHost)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0)
        {
            text.Append(String(0, 10, Unreserved + SubDelims + ":")).Append('@');
        }

        text.Append(random.Next(5) switch
        {
            0 => Ipv4(),
            1 => "[" + Ipv6() + "]",
            2 => "[v" + String(1, 3, HexDigit) + "." + String(1, 10, Unreserved + SubDelims + ":") + "]",
            _ => RegName(requireHost),
        });

        if (random.Next(3) == 0)
        {
            text.Append(':').Append(String(0, 5, Digit));
        }

        return text.ToString();
    }

    public string Ipv6()
    {
        var groups = Enumerable.Range(0, 8).Select(_ => String(1, 4, HexDigit)).ToList();
        var ipv4Tail = random.Next(4) == 0;
        if (ipv4Tail)
        {
            groups.RemoveRange(6, 2);
            groups.Add(Ipv4());
        }

        if (random.Next(3) == 0)
        {
            return string.Join(':', groups);
        }

        // Compress a run of whole groups (never splitting the IPv4 tail) into "::".
        var start = random.Next(groups.Count);
        var length = random.Next(1, groups.Count - start + 1);
        var left = string.Join(':', groups.Take(start));
        var right = string.Join(':', groups.Skip(start + length));
        return left + "::" + right;
    }

    private string Ipv4() => string.Join('.', Enumerable.Range(0, 4).Select(_ => random.Next(256).ToString(CultureInfo.InvariantCulture)));

    private string RegName(bool requireHost)
    {
        var text = new StringBuilder();
        var length = random.Next(requireHost ? 1 : 0, 20);
        while (text.Length < length)
        {
            if (random.Next(10) == 0)
            {
                text.Append('%').Append(HexDigit[random.Next(HexDigit.Length)]).Append(HexDigit[random.Next(HexDigit.Length)]);
            }
            else
            {
                var chars = Unreserved + SubDelims;
                text.Append(chars[random.Next(chars.Length)]);
            }
        }

        return text.ToString();
    }

    private string Scheme() => Alpha[random.Next(Alpha.Length)] + String(0, 8, Alpha + Digit + "+-.");

    private string PcharString(int min, int max)
    {
        var text = new StringBuilder(String(min, max, Pchar));
        if (text.Length > 0 && random.Next(4) == 0)
        {
            text.Insert(random.Next(text.Length + 1), "%" + HexDigit[random.Next(HexDigit.Length)] + HexDigit[random.Next(HexDigit.Length)]);
        }

        return text.ToString();
    }

    private string String(int min, int max, string alphabet)
    {
        var length = random.Next(min, max + 1);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private string? Maybe(Func<string> value) => random.Next(2) == 0 ? null : value();
}
