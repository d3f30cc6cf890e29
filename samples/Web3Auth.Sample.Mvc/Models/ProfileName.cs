using System.Globalization;
using System.Text;

namespace Web3Auth.Sample.Mvc.Models;

/// <summary>
/// The rules for a profile name: 1 to 40 characters after trimming, made of letters (any script), digits, single
/// spaces and <c>. ' -</c>. Anything else (markup, control characters, emoji) is refused with a message that says why.
/// </summary>
public static class ProfileName
{
    public const int MaxLength = 40;

    /// <summary>Normalizes <paramref name="input"/> (trim, Unicode NFC) or explains why it is not a valid name.</summary>
    public static bool TryNormalize(string? input, out string name, out string? error)
    {
        name = (input ?? "").Trim().Normalize(NormalizationForm.FormC);
        error = name.Length == 0 ? "Enter a name."
            : name.EnumerateRunes().Count() > MaxLength ? $"Use at most {MaxLength} characters."
            : name.Contains("  ", StringComparison.Ordinal) ? "Use single spaces between words."
            : name.EnumerateRunes().Where(r => !IsAllowed(r)).Select(r => $"\"{Describe(r)}\" is not allowed. Use letters, digits, spaces and . ' -").FirstOrDefault();
        return error is null;
    }

    private static bool IsAllowed(Rune rune) => rune.Value is ' ' or '.' or '\'' or '-' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or
        UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber => true,
        _ => false,
    };

    // Invisible characters are named by code point; visible ones are shown as they are.
    private static string Describe(Rune rune) => Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
        ? $"U+{rune.Value:X4}"
        : rune.ToString();
}
