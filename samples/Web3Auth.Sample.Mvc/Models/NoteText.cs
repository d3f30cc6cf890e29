namespace Web3Auth.Sample.Mvc.Models;

/// <summary>The rules for a note: 1 to 500 characters after trimming; line breaks allowed, other control characters not.</summary>
public static class NoteText
{
    public const int MaxLength = 500;

    /// <summary>Normalizes <paramref name="input"/> (trim, CRLF to LF) or explains why it is not a valid note.</summary>
    public static bool TryNormalize(string? input, out string text, out string? error)
    {
        text = (input ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        error = text.Length == 0 ? "Write something first."
            : text.Length > MaxLength ? $"Keep notes under {MaxLength} characters."
            : text.Any(c => char.IsControl(c) && c is not '\n' and not '\t') ? "Notes cannot contain control characters."
            : null;
        return error is null;
    }
}
