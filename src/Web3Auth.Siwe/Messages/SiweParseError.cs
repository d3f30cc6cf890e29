namespace Web3Auth.Siwe;

/// <summary>Why a text or a set of fields is not a valid EIP-4361 message.</summary>
/// <param name="Field">The field at fault.</param>
/// <param name="Description">A human-readable explanation, in English, safe to log (it never quotes the input).</param>
public sealed record SiweParseError(SiweField Field, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Description}";
}
