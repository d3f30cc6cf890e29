using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Web3Auth.Siwe;

/// <summary>
/// An RFC 3339 <c>date-time</c> as written in a Sign-In with Ethereum message: the instant it denotes and the exact
/// text it was written as, so that a parsed message prints back byte for byte.
/// </summary>
/// <remarks>
/// <para>
/// Accepts any number of fraction digits and any offset (<c>Z</c>, <c>+05:30</c>, <c>-02:00</c>; <c>T</c> and
/// <c>Z</c> in either case, as RFC 3339 allows). Dates are checked for real: <c>2022-02-31</c> is rejected.
/// </para>
/// <para>
/// Limits of <see cref="DateTimeOffset"/>: leap seconds (<c>:60</c>) and instants outside years 0001–9999 are
/// rejected; fractions are kept to 100 ns in <see cref="Value"/> (the text keeps every digit); offsets beyond ±14:00,
/// valid in RFC 3339 but not representable, give a <see cref="Value"/> converted to UTC.
/// </para>
/// </remarks>
public readonly record struct SiweTimestamp
{
    private const string DefaultText = "0001-01-01T00:00:00.000Z";

    private readonly string? _text;

    private SiweTimestamp(DateTimeOffset value, string text)
    {
        Value = value;
        _text = text;
    }

    /// <summary>The instant, with the offset it was written with when <see cref="DateTimeOffset"/> can hold it.</summary>
    public DateTimeOffset Value { get; }

    /// <summary>The RFC 3339 text exactly as written in the message.</summary>
    public string Text => _text ?? DefaultText;

    /// <summary>
    /// The timestamp for <paramref name="value"/>, written in UTC with millisecond precision as
    /// <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (the form JavaScript's <c>toISOString</c> and most wallets use).
    /// Sub-millisecond precision is dropped from <see cref="Value"/> too, so that text and value agree.
    /// </summary>
    public static SiweTimestamp FromDateTimeOffset(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        var truncated = new DateTimeOffset(utcTicks - (utcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return new SiweTimestamp(truncated, truncated.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Parses an RFC 3339 <c>date-time</c>. Returns <see langword="false"/> for anything else; never throws.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SiweTimestamp timestamp) =>
        TryParse(text, out timestamp, out _);

    /// <summary>Parses an RFC 3339 <c>date-time</c>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid RFC 3339 date-time.</exception>
    public static SiweTimestamp Parse(string text) =>
        TryParse(text, out var timestamp, out var reason) ? timestamp : throw new FormatException(reason);

    /// <summary>The RFC 3339 text.</summary>
    public override string ToString() => Text;

    // date-time = full-date "T" partial-time time-offset
    // full-date = 4DIGIT "-" 2DIGIT "-" 2DIGIT; partial-time = 2DIGIT ":" 2DIGIT ":" 2DIGIT [ "." 1*DIGIT ]
    // time-offset = "Z" / ( "+" / "-" ) 2DIGIT ":" 2DIGIT
    internal static bool TryParse([NotNullWhen(true)] string? text, out SiweTimestamp timestamp, [NotNullWhen(false)] out string? reason)
    {
        timestamp = default;
        if (text is null)
        {
            reason = "The timestamp is missing.";
            return false;
        }

        var s = text.AsSpan();
        if (s.Length < 20
            || !TryReadDigits(s[0..4], out var year) || s[4] != '-'
            || !TryReadDigits(s[5..7], out var month) || s[7] != '-'
            || !TryReadDigits(s[8..10], out var day) || (s[10] is not ('T' or 't'))
            || !TryReadDigits(s[11..13], out var hour) || s[13] != ':'
            || !TryReadDigits(s[14..16], out var minute) || s[16] != ':'
            || !TryReadDigits(s[17..19], out var second))
        {
            reason = "Expected an RFC 3339 date-time such as 2021-09-30T16:25:24Z or 2021-09-30T16:25:24.000+02:00.";
            return false;
        }

        var rest = s[19..];
        long fractionTicks = 0;
        if (rest[0] == '.')
        {
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
            {
                digits++;
                if (scale > 1)
                {
                    scale /= 10;
                    fractionTicks += (rest[digits] - '0') * scale;
                }
            }

            if (digits == 0)
            {
                reason = "A fraction of a second needs at least one digit after the dot.";
                return false;
            }

            rest = rest[(digits + 1)..];
        }

        TimeSpan offset;
        if (rest is ['Z' or 'z'])
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] is '+' or '-') && rest[3] == ':'
            && TryReadDigits(rest[1..3], out var offsetHours) && TryReadDigits(rest[4..6], out var offsetMinutes))
        {
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                reason = "The offset must be between -23:59 and +23:59.";
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            reason = "Expected Z or an offset such as +02:00 after the time.";
            return false;
        }

        if (year == 0)
        {
            reason = "Year 0000 is not supported.";
            return false;
        }

        if (month is < 1 or > 12)
        {
            reason = "The month must be between 01 and 12.";
            return false;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            reason = "The day does not exist in that month.";
            return false;
        }

        if (hour > 23 || minute > 59)
        {
            reason = "The time of day is out of range.";
            return false;
        }

        if (second > 59)
        {
            reason = second == 60 ? "Leap seconds are not supported." : "The second must be between 00 and 59.";
            return false;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utcTicks = localTicks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            reason = "The instant is outside the years 0001 to 9999.";
            return false;
        }

        var value = offset.Duration() <= TimeSpan.FromHours(14)
            ? new DateTimeOffset(localTicks, offset)
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        timestamp = new SiweTimestamp(value, text);
        reason = null;
        return true;
    }

    private static bool TryReadDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
