using System.Globalization;
using System.Text;

namespace Web3Auth.Sample.Mvc.Models;

/// <summary>
/// The rules for a profile name: 1 to 40 characters after trimming, made of letters, digits, single spaces and
/// <c>. ' -</c>. Anything else (markup, control characters, emoji) is refused with a message that says why.
/// </summary>
public static class ProfileName
{
    public const int MaxLength = 40;

    /// <summary>Normalizes <paramref name="input"/> (trim, Unicode NFC) or explains why it is not a valid name.</summary>
    public static bool TryNormalize(string? input, out string name, out string? error)
    {
        name = (input ?? "").Trim().Normalize(NormalizationForm.FormC);
        error = null;
        if (name.Length == 0)
        {
            error = "Enter a name.";
        }
        else if (name.Length > MaxLength)
        {
            error = $"Use at most {MaxLength} characters.";
        }
        else if (name.Contains("  ", StringComparison.Ordinal))
        {
            error = "Use single spaces between words.";
        }
        else if (name.IndexOfAny([.. name.Where(c => !IsAllowed(c))]) is var bad and >= 0)
        {
            error = $"\"{Describe(name[bad])}\" is not allowed. Use letters, digits, spaces and . ' -";
        }

        return error is null;
    }

    private static bool IsAllowed(char c) => c is ' ' or '.' or '\'' or '-' || CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or
        UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber => true,
        _ => false,
    };

    private static string Describe(char c) => char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)
        ? $"U+{(int)c:X4}"
        : c.ToString();
}
