using System.Globalization;
using System.Text;

namespace Web3Auth.Siwe;

/// <summary>
/// The EIP-5573 "ReCap Translation Algorithm": the human-readable text a ReCap adds to the end of a SIWE statement,
/// so that the wallet user sees what they delegate.
/// </summary>
/// <remarks>
/// <para>Format, as in the EIP's examples (which are more precise than its prose about spaces and commas):</para>
/// <code>
/// I further authorize the stated URI to perform the following actions on my behalf: (1) 'crud': 'delete', 'update' for 'https://example.com/pictures/'. (2) 'other': 'action' for 'https://example.com/pictures/'.
/// </code>
/// <para>
/// One numbered entry per resource and ability namespace: resources in <c>att</c> key order, then namespaces in
/// the order they first appear among that resource's (sorted) abilities, each followed by its action names in that
/// same order, joined by <c>", "</c>. Numbering starts at 1 and runs across resources. Caveats and proofs do not
/// appear in the text.
/// </para>
/// </remarks>
public static class ReCapStatement
{
    /// <summary>The fixed opening of every ReCap statement.</summary>
    public const string Preamble = "I further authorize the stated URI to perform the following actions on my behalf:";

    /// <summary>The ReCap statement for <paramref name="recap"/>, without any application statement before it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="recap"/> is <see langword="null"/>.</exception>
    public static string Translate(ReCap recap)
    {
        ArgumentNullException.ThrowIfNull(recap);
        var text = new StringBuilder(Preamble);
        var number = 1;
        foreach (var (resource, abilities) in recap.Attenuations)
        {
            // Abilities are valid (checked when the ReCap was built or read), so every key splits.
            var namespaces = abilities.Keys
                .Select(ability => ReCapAbility.TrySplit(ability, out var ns, out var action) ? (Namespace: ns, Action: action) : default)
                .GroupBy(ability => ability.Namespace, StringComparer.Ordinal);
            foreach (var group in namespaces)
            {
                text.Append(" (").Append(number.ToString(CultureInfo.InvariantCulture)).Append(") '")
                    .Append(group.Key).Append("': ")
                    .AppendJoin(", ", group.Select(ability => "'" + ability.Action + "'"))
                    .Append(" for '").Append(resource).Append("'.");
                number++;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The SIWE statement to sign: <paramref name="statement"/> + <c>" "</c> + the ReCap statement, or the ReCap
    /// statement alone when <paramref name="statement"/> is <see langword="null"/> or empty (EIP-5573: "If statement is
    /// present ... Append a single space character").
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="recap"/> is <see langword="null"/>.</exception>
    public static string Combine(string? statement, ReCap recap)
    {
        var translation = Translate(recap);
        return string.IsNullOrEmpty(statement) ? translation : statement + " " + translation;
    }

    /// <summary>
    /// Whether a SIWE statement ends with the ReCap statement of <paramref name="recap"/> (ordinal comparison), the
    /// check EIP-5573 verification requires. A <see langword="null"/> statement never matches.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="recap"/> is <see langword="null"/>.</exception>
    public static bool EndsWithTranslation(string? statement, ReCap recap)
    {
        var translation = Translate(recap);
        return statement is not null && statement.EndsWith(translation, StringComparison.Ordinal);
    }
}
