using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.Siwe;

/// <summary>
/// EIP-5573 ability strings: <c>namespace/action</c>, for example <c>crud/update</c> or <c>profile/read</c>.
/// Both parts are non-empty and made only of <c>A-Z a-z 0-9 . * _ + -</c>.
/// </summary>
/// <remarks>
/// The EIP writes the whole-string regex as <c>^[a-zA-Z0-9.*_+-]+\/[a-zA-z0-9.*_+-]+$</c>; the <c>A-z</c> there is a
/// typo (it would admit <c>[ \ ] ^ `</c>) contradicting the EIP's own per-part rule <c>[a-zA-Z0-9.*_+-]</c>,
/// which is what is enforced here for both parts.
/// </remarks>
public static class ReCapAbility
{
    /// <summary>Whether <paramref name="ability"/> is a valid <c>namespace/action</c> ability string.</summary>
    public static bool IsValid([NotNullWhen(true)] string? ability) => TrySplit(ability, out _, out _);

    /// <summary>
    /// Splits a valid ability string into its namespace and action.
    /// Returns <see langword="false"/> for anything that is not <c>namespace/action</c>; never throws.
    /// </summary>
    public static bool TrySplit(
        [NotNullWhen(true)] string? ability,
        [NotNullWhen(true)] out string? abilityNamespace,
        [NotNullWhen(true)] out string? action)
    {
        abilityNamespace = null;
        action = null;
        if (ability is null)
        {
            return false;
        }

        var slash = ability.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == ability.Length - 1)
        {
            return false;
        }

        for (var i = 0; i < ability.Length; i++)
        {
            if (i != slash && !IsAbilityChar(ability[i]))
            {
                return false;
            }
        }

        abilityNamespace = ability[..slash];
        action = ability[(slash + 1)..];
        return true;
    }

    private static bool IsAbilityChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '*' or '_' or '+' or '-';
}
