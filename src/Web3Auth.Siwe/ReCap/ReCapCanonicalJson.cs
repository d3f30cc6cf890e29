using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Web3Auth.Siwe;

/// <summary>
/// The one JSON text of a ReCap details object: what JavaScript's <c>JSON.stringify</c> prints for the object with
/// its keys sorted (<see cref="ReCapKeyComparer"/>) at every level. That is how the EIP-5573 examples are encoded:
/// no whitespace, <c>{"att":{...},"prf":[...]}</c> (with <c>"prf":[]</c> when there is no proof), strings escaped
/// only where JSON requires it (<c>\" \\ \b \f \n \r \t</c>, other controls as lowercase <c>\u00xx</c>; everything
/// else, including non-ASCII, <c>+</c>, <c>&lt;</c> and <c>/</c>, written as is) and numbers in ECMAScript
/// <c>Number::toString</c> form.
/// </summary>
internal static class ReCapCanonicalJson
{
    /// <summary>
    /// How deeply a caveat may nest, counting the caveat object itself: a ReCap wraps caveats in four more levels
    /// and <see cref="JsonDocument"/> reads at most 64, so deeper caveats could be written but never read back.
    /// </summary>
    public const int MaxCaveatDepth = 60;

    /// <summary>Writes a whole ReCap whose caveats have passed <see cref="IsWritableCaveat"/>.</summary>
    public static string Write(
        ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> attenuations,
        ImmutableArray<string> proofs)
    {
        var json = new StringBuilder();
        json.Append("{\"att\":{");
        var firstResource = true;
        foreach (var (resource, abilities) in attenuations)
        {
            AppendSeparator(json, ref firstResource);
            WriteString(json, resource);
            json.Append(":{");
            var firstAbility = true;
            foreach (var (ability, caveats) in abilities)
            {
                AppendSeparator(json, ref firstAbility);
                WriteString(json, ability);
                json.Append(":[");
                var firstCaveat = true;
                foreach (var caveat in caveats)
                {
                    AppendSeparator(json, ref firstCaveat);
                    if (!TryWriteValue(json, caveat, depth: 1))
                    {
                        throw new UnreachableException("Caveats are validated when a ReCap is built.");
                    }
                }

                json.Append(']');
            }

            json.Append('}');
        }

        json.Append("},\"prf\":[");
        var firstProof = true;
        foreach (var proof in proofs)
        {
            AppendSeparator(json, ref firstProof);
            WriteString(json, proof);
        }

        json.Append("]}");
        return json.ToString();
    }

    /// <summary>
    /// Whether a caveat can be written canonically: a JSON object, no duplicate keys at any level, only
    /// well-formed strings, finite numbers, at most <see cref="MaxCaveatDepth"/> levels. Never throws.
    /// </summary>
    public static bool IsWritableCaveat(JsonElement caveat)
    {
        try
        {
            return caveat.ValueKind == JsonValueKind.Object && TryWriteValue(new StringBuilder(), caveat, depth: 1);
        }
        catch (InvalidOperationException)
        {
            // Strings holding lone surrogates or invalid UTF-8 cannot be read as .NET strings.
            return false;
        }
    }

    private static bool TryWriteValue(StringBuilder json, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return depth <= MaxCaveatDepth && TryWriteObject(json, value, depth);
            case JsonValueKind.Array:
                if (depth > MaxCaveatDepth)
                {
                    return false;
                }

                json.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    AppendSeparator(json, ref first);
                    if (!TryWriteValue(json, item, depth + 1))
                    {
                        return false;
                    }
                }

                json.Append(']');
                return true;
            case JsonValueKind.String:
                WriteString(json, value.GetString()!);
                return true;
            case JsonValueKind.Number:
                return value.TryGetDouble(out var number) && TryWriteNumber(json, number);
            case JsonValueKind.True:
                json.Append("true");
                return true;
            case JsonValueKind.False:
                json.Append("false");
                return true;
            case JsonValueKind.Null:
                json.Append("null");
                return true;
            default:
                return false;
        }
    }

    private static bool TryWriteObject(StringBuilder json, JsonElement value, int depth)
    {
        var properties = value.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
        properties.Sort((a, b) => ReCapKeyComparer.Instance.Compare(a.Name, b.Name));
        json.Append('{');
        for (var i = 0; i < properties.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(properties[i - 1].Name, properties[i].Name, StringComparison.Ordinal))
                {
                    return false;
                }

                json.Append(',');
            }

            WriteString(json, properties[i].Name);
            json.Append(':');
            if (!TryWriteValue(json, properties[i].Value, depth + 1))
            {
                return false;
            }
        }

        json.Append('}');
        return true;
    }

    // JSON.stringify's QuoteJSONString (ES2019+).
    private static void WriteString(StringBuilder json, string value)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    var loneSurrogate = char.IsSurrogate(c)
                        && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
                    if (c < ' ' || loneSurrogate)
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }

    /// <summary>ECMAScript <c>Number::toString(x)</c> (radix 10), which <c>JSON.stringify</c> uses.</summary>
    internal static bool TryWriteNumber(StringBuilder json, double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        if (value == 0)
        {
            json.Append('0'); // -0 too.
            return true;
        }

        if (value < 0)
        {
            json.Append('-');
            value = -value;
        }

        // .NET prints the shortest round-tripping digits, as ECMAScript requires; only the layout differs.
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dotAt = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dotAt < 0 ? mantissa.Length : dotAt;
        var allDigits = dotAt < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dotAt), mantissa.AsSpan(dotAt + 1));

        // value = 0.d1d2...dk × 10^n with d1 != 0.
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.TrimStart('0').TrimEnd('0');
        var n = integerDigits + exponent - leadingZeros;
        var k = digits.Length;

        if (k <= n && n <= 21)
        {
            json.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            json.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            json.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            json.Append(digits[0]);
            if (k > 1)
            {
                json.Append('.').Append(digits, 1, k - 1);
            }

            json.Append('e').Append(n - 1 < 0 ? '-' : '+').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return true;
    }

    private static void AppendSeparator(StringBuilder json, ref bool first)
    {
        if (!first)
        {
            json.Append(',');
        }

        first = false;
    }
}
