using System.Buffers.Text;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Web3Auth.Siwe;

/// <summary>
/// An EIP-5573 ReCap: the capabilities an account delegates to the SIWE message's URI, carried as the last
/// resource of the message (<c>urn:recap:</c> + unpadded base64url of a JSON details object).
/// Immutable; two ReCaps are equal when they encode to the same URI.
/// </summary>
/// <remarks>
/// <para>
/// The details object has two members. <c>att</c> maps each target resource URI to its abilities
/// (<c>namespace/action</c>, see <see cref="ReCapAbility"/>), each ability to an array of caveat objects: one
/// <c>{}</c> means "without restriction"; several objects are alternatives; an empty array means the ability
/// cannot be used at all. <c>prf</c> lists the CIDs of parent capabilities, needed only when the signer does not
/// control the resources. This type neither resolves nor checks proofs.
/// </para>
/// <para>
/// There is exactly one URI per ReCap: <see cref="ToResourceUri"/> writes the canonical encoding described on
/// <see cref="ToCanonicalJson"/>, and <see cref="TryParse"/> accepts nothing else.
/// </para>
/// </remarks>
public sealed class ReCap : IEquatable<ReCap>
{
    /// <summary>The scheme and namespace every ReCap URI starts with.</summary>
    public const string UriPrefix = "urn:recap:";

    private static readonly JsonElement s_unrestricted = ParseElement("{}");

    private readonly string _json;
    private readonly string _uri;

    private ReCap(
        ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> attenuations,
        ImmutableArray<string> proofs)
    {
        Attenuations = attenuations;
        Proofs = proofs;
        _json = ReCapCanonicalJson.Write(attenuations, proofs);
        _uri = UriPrefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(_json));
    }

    /// <summary>
    /// The <c>att</c> member: resource URI → ability → caveat objects, keys in the EIP-5573 order (UTF-8 byte order).
    /// Never empty, and no resource has an empty ability map.
    /// </summary>
    public ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> Attenuations { get; }

    /// <summary>The <c>prf</c> member: CIDs of parent capabilities, in order. Usually empty.</summary>
    public ImmutableArray<string> Proofs { get; }

    /// <summary>
    /// A ReCap granting each of <paramref name="abilities"/> on <paramref name="targetUri"/> without restriction
    /// (caveats <c>[{}]</c>). Repeated abilities are granted once.
    /// </summary>
    /// <param name="targetUri">The resource the abilities apply to, typically the application's URI.</param>
    /// <param name="abilities">At least one <c>namespace/action</c> string, for example <c>profile/read</c>.</param>
    /// <exception cref="ArgumentNullException">An argument or ability is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="targetUri"/> is not an absolute URI, an ability is not <c>namespace/action</c>, or there is no ability.
    /// </exception>
    public static ReCap ForAbilities(string targetUri, IEnumerable<string> abilities)
    {
        ArgumentNullException.ThrowIfNull(targetUri);
        ArgumentNullException.ThrowIfNull(abilities);
        ThrowIfInvalidResource(targetUri, nameof(targetUri));

        var builder = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<JsonElement>>(ReCapKeyComparer.Instance);
        foreach (var ability in abilities)
        {
            ArgumentNullException.ThrowIfNull(ability, nameof(abilities));
            ThrowIfInvalidAbility(ability, nameof(abilities));
            builder[ability] = [s_unrestricted];
        }

        if (builder.Count == 0)
        {
            throw new ArgumentException("A ReCap must grant at least one ability.", nameof(abilities));
        }

        return new ReCap(EmptyAttenuations.Add(targetUri, builder.ToImmutable()), []);
    }

    /// <summary>
    /// A ReCap granting one ability on one resource under the given caveats (JSON objects; an empty sequence
    /// yields <c>[]</c>, an ability that cannot be used).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The resource is not an absolute URI, the ability is not <c>namespace/action</c>, or a caveat is not a JSON
    /// object that can be written canonically (see <see cref="ToCanonicalJson"/>).
    /// </exception>
    public static ReCap ForAbility(string resourceUri, string ability, IEnumerable<JsonElement> caveats)
    {
        ArgumentNullException.ThrowIfNull(resourceUri);
        ArgumentNullException.ThrowIfNull(ability);
        ArgumentNullException.ThrowIfNull(caveats);
        ThrowIfInvalidResource(resourceUri, nameof(resourceUri));
        ThrowIfInvalidAbility(ability, nameof(ability));
        var abilities = ImmutableSortedDictionary.Create<string, ImmutableArray<JsonElement>>(ReCapKeyComparer.Instance)
            .Add(ability, ValidateCaveats(caveats));
        return new ReCap(EmptyAttenuations.Add(resourceUri, abilities), []);
    }

    /// <summary>This ReCap plus <paramref name="ability"/> on <paramref name="resourceUri"/> without restriction.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The resource is not an absolute URI or the ability is not <c>namespace/action</c>.</exception>
    public ReCap WithAbility(string resourceUri, string ability) => WithAbility(resourceUri, ability, [s_unrestricted]);

    /// <summary>
    /// This ReCap plus <paramref name="ability"/> on <paramref name="resourceUri"/> under the given caveats, appended
    /// to any caveats the ability already has (the EIP-5573 merge rule).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">See <see cref="ForAbility"/>.</exception>
    public ReCap WithAbility(string resourceUri, string ability, IEnumerable<JsonElement> caveats) =>
        Merge(ForAbility(resourceUri, ability, caveats));

    /// <summary>This ReCap with one more proof (the CID of a parent capability) at the end of <c>prf</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="proof"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="proof"/> is empty or not visible ASCII.</exception>
    public ReCap WithProof(string proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (!IsValidProof(proof))
        {
            throw new ArgumentException("A proof is a CID: a non-empty string of visible ASCII characters.", nameof(proof));
        }

        return new ReCap(Attenuations, Proofs.Add(proof));
    }

    /// <summary>
    /// Merges two ReCaps as EIP-5573 specifies: caveat arrays of the same resource and ability are concatenated
    /// (this ReCap's first), everything else is united, and <paramref name="other"/>'s proofs follow this one's.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public ReCap Merge(ReCap other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var attenuations = Attenuations.ToBuilder();
        foreach (var (resource, otherAbilities) in other.Attenuations)
        {
            if (!attenuations.TryGetValue(resource, out var abilities))
            {
                attenuations[resource] = otherAbilities;
                continue;
            }

            var merged = abilities.ToBuilder();
            foreach (var (ability, caveats) in otherAbilities)
            {
                merged[ability] = merged.TryGetValue(ability, out var existing) ? existing.AddRange(caveats) : caveats;
            }

            attenuations[resource] = merged.ToImmutable();
        }

        return new ReCap(attenuations.ToImmutable(), Proofs.AddRange(other.Proofs));
    }

    /// <summary>
    /// Every ability listed for <paramref name="targetUri"/> (exact, case-sensitive match of the <c>att</c> key), in
    /// key order, whatever its caveats. This is what the signed statement shows the user.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="targetUri"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> GetAbilities(string targetUri)
    {
        ArgumentNullException.ThrowIfNull(targetUri);
        return Attenuations.TryGetValue(targetUri, out var abilities) ? [.. abilities.Keys] : [];
    }

    /// <summary>
    /// The abilities granted on <paramref name="targetUri"/> without restriction: those with at least one empty caveat
    /// object <c>{}</c>. Use this to turn a ReCap into permissions when caveats are not interpreted; an ability whose
    /// caveats are all restrictions (or which has none) is left out. Proofs are not considered.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="targetUri"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<string> GetUnrestrictedAbilities(string targetUri)
    {
        ArgumentNullException.ThrowIfNull(targetUri);
        if (!Attenuations.TryGetValue(targetUri, out var abilities))
        {
            return [];
        }

        return [.. abilities.Where(a => a.Value.Any(IsEmptyObject)).Select(a => a.Key)];
    }

    /// <summary>
    /// The canonical JSON of the details object, exactly as in the EIP-5573 examples: no whitespace, keys sorted at
    /// every level (UTF-8 byte order), <c>{"att":{...},"prf":[...]}</c> with <c>"prf":[]</c> when there is no proof,
    /// and strings and numbers written as JavaScript's <c>JSON.stringify</c> writes them.
    /// </summary>
    public string ToCanonicalJson() => _json;

    /// <summary>The ReCap URI for the SIWE resource list: <c>urn:recap:</c> + unpadded base64url of <see cref="ToCanonicalJson"/>.</summary>
    public string ToResourceUri() => _uri;

    /// <summary>The ReCap URI (<see cref="ToResourceUri"/>).</summary>
    public override string ToString() => _uri;

    /// <summary>
    /// Reads a ReCap URI. Strict: exactly the lowercase <c>urn:recap:</c> prefix, unpadded base64url with zero
    /// unused bits, UTF-8 JSON of the details-object shape with a non-empty <c>att</c>, valid resource URIs and
    /// ability strings, keys strictly sorted and unique in every object, and the canonical encoding
    /// (<see cref="ToCanonicalJson"/>) byte for byte, so that a successful parse always satisfies
    /// <c>recap.ToResourceUri() == resourceUri</c>. Never throws.
    /// </summary>
    /// <param name="resourceUri">The candidate ReCap URI.</param>
    /// <param name="recap">The ReCap, or <see langword="null"/> on failure.</param>
    /// <param name="error">Why the text was rejected, or <see cref="ReCapError.None"/>.</param>
    public static bool TryParse([NotNullWhen(true)] string? resourceUri, [NotNullWhen(true)] out ReCap? recap, out ReCapError error) =>
        ReCapUri.TryDecode(resourceUri, out recap, out error);

    /// <summary>Reads a ReCap URI like <see cref="TryParse"/>.</summary>
    /// <exception cref="FormatException"><paramref name="resourceUri"/> is not a valid ReCap URI; the message names the <see cref="ReCapError"/>.</exception>
    public static ReCap Parse(string resourceUri) =>
        TryParse(resourceUri, out var recap, out var error)
            ? recap
            : throw new FormatException($"Not a valid EIP-5573 ReCap URI ({error}).");

    /// <summary>
    /// Finds and reads the ReCap of a SIWE message from its resource list. EIP-5573: there is at most one ReCap URI
    /// and it is the final entry. Fails with <see cref="ReCapError.NotFound"/> when no resource is a ReCap URI,
    /// <see cref="ReCapError.NotLastResource"/> when one (compared case-insensitively, so that a disguised one is not
    /// overlooked) appears before the last entry, otherwise as <see cref="TryParse"/> does on the last entry. Never throws.
    /// </summary>
    public static bool TryFromResources(IReadOnlyList<string>? resources, [NotNullWhen(true)] out ReCap? recap, out ReCapError error)
    {
        recap = null;
        if (resources is null || resources.Count == 0)
        {
            error = ReCapError.NotFound;
            return false;
        }

        for (var i = 0; i < resources.Count - 1; i++)
        {
            if (LooksLikeReCap(resources[i]))
            {
                error = ReCapError.NotLastResource;
                return false;
            }
        }

        var last = resources[^1];
        if (!LooksLikeReCap(last))
        {
            error = ReCapError.NotFound;
            return false;
        }

        return TryParse(last, out recap, out error);
    }

    /// <summary>
    /// The EIP-5573 verification of a SIWE message's ReCap, apart from the signature: reads the ReCap from the last
    /// resource (<see cref="TryFromResources"/>) and requires <paramref name="statement"/> to end with its translation
    /// (<see cref="ReCapStatement.EndsWithTranslation"/>), else <see cref="ReCapError.StatementMismatch"/>. Never throws.
    /// </summary>
    public static bool TryFromMessage(string? statement, IReadOnlyList<string>? resources, [NotNullWhen(true)] out ReCap? recap, out ReCapError error)
    {
        if (!TryFromResources(resources, out recap, out error))
        {
            return false;
        }

        if (!ReCapStatement.EndsWithTranslation(statement, recap))
        {
            recap = null;
            error = ReCapError.StatementMismatch;
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public bool Equals(ReCap? other) => other is not null && string.Equals(_json, other._json, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ReCap);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_json);

    /// <summary>Whether two ReCaps have the same canonical encoding.</summary>
    public static bool operator ==(ReCap? left, ReCap? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two ReCaps have different canonical encodings.</summary>
    public static bool operator !=(ReCap? left, ReCap? right) => !(left == right);

    /// <summary>Builds a ReCap from parts the decoder has already validated.</summary>
    internal static ReCap FromValidated(
        ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> attenuations,
        ImmutableArray<string> proofs) => new(attenuations, proofs);

    internal static ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> EmptyAttenuations =>
        ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>>(ReCapKeyComparer.Instance);

    /// <summary>Proofs are CIDs (multibase strings); only their alphabet is checked.</summary>
    internal static bool IsValidProof(string proof) => proof.Length > 0 && proof.All(c => c is > ' ' and < '\u007F');

    private static bool LooksLikeReCap(string? resource) =>
        resource is not null && resource.StartsWith(UriPrefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsEmptyObject(JsonElement caveat) =>
        caveat.ValueKind == JsonValueKind.Object && !caveat.EnumerateObject().Any();

    private static ImmutableArray<JsonElement> ValidateCaveats(IEnumerable<JsonElement> caveats)
    {
        var result = ImmutableArray.CreateBuilder<JsonElement>();
        foreach (var caveat in caveats)
        {
            if (!ReCapCanonicalJson.IsWritableCaveat(caveat))
            {
                throw new ArgumentException(
                    "Each caveat must be a JSON object without duplicate keys, with well-formed strings and finite numbers, " +
                    $"nested at most {ReCapCanonicalJson.MaxCaveatDepth} levels deep.",
                    nameof(caveats));
            }

            // A clone no longer depends on the caller's JsonDocument, which may be disposed.
            result.Add(caveat.Clone());
        }

        return result.ToImmutable();
    }

    private static void ThrowIfInvalidResource(string resourceUri, string parameterName)
    {
        if (!ReCapResourceUri.IsValid(resourceUri))
        {
            throw new ArgumentException(
                $"'{resourceUri}' is not an absolute URI (scheme, ':', then URI characters only).", parameterName);
        }
    }

    private static void ThrowIfInvalidAbility(string ability, string parameterName)
    {
        if (!ReCapAbility.IsValid(ability))
        {
            throw new ArgumentException(
                $"'{ability}' is not an ability: expected namespace/action, each part made of A-Z a-z 0-9 . * _ + -.", parameterName);
        }
    }

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
