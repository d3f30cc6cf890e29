using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Web3Auth.Siwe;

/// <summary>Reading a <c>urn:recap:</c> URI back into a <see cref="ReCap"/>, strictly and without throwing.</summary>
internal static class ReCapUri
{
    // JsonDocument's default, stated so the bound ReCapCanonicalJson.MaxCaveatDepth relies on cannot drift.
    private static readonly JsonDocumentOptions s_jsonOptions = new() { MaxDepth = 64 };

    public static bool TryDecode(string? text, out ReCap? recap, out ReCapError error)
    {
        recap = null;
        error = Decode(text, ref recap);
        return error == ReCapError.None;
    }

    private static ReCapError Decode(string? text, ref ReCap? recap)
    {
        if (text is null || !text.StartsWith(ReCap.UriPrefix, StringComparison.Ordinal))
        {
            return ReCapError.NotAReCapUri;
        }

        var payload = text.AsSpan(ReCap.UriPrefix.Length);
        if (payload.Contains('='))
        {
            return ReCapError.PaddedBase64Url;
        }

        foreach (var c in payload)
        {
            if (!IsBase64UrlChar(c))
            {
                return ReCapError.InvalidBase64Url;
            }
        }

        if (payload.Length % 4 == 1)
        {
            return ReCapError.InvalidBase64Url;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(payload.Length)];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(payload, buffer, out written))
            {
                return ReCapError.InvalidBase64Url;
            }
        }
        catch (FormatException)
        {
            // The BCL throws rather than returning false for non-zero unused bits in the last character.
            return ReCapError.InvalidBase64Url;
        }

        var json = buffer.AsSpan(0, written);

        // Non-zero unused bits would give a second spelling of the same bytes; never accept one, whatever the BCL does.
        if (!payload.SequenceEqual(Base64Url.EncodeToString(json)))
        {
            return ReCapError.InvalidBase64Url;
        }

        if (!Utf8.IsValid(json))
        {
            return ReCapError.InvalidJson;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, written), s_jsonOptions);
        }
        catch (JsonException)
        {
            return ReCapError.InvalidJson;
        }

        ReCap candidate;
        using (document)
        {
            try
            {
                var error = ReadDetails(document.RootElement, out var attenuations, out var proofs);
                if (error != ReCapError.None)
                {
                    return error;
                }

                candidate = ReCap.FromValidated(attenuations, proofs);
            }
            catch (InvalidOperationException)
            {
                // A string with an escaped lone surrogate cannot become a .NET string.
                return ReCapError.InvalidJson;
            }
        }

        if (!json.SequenceEqual(Encoding.UTF8.GetBytes(candidate.ToCanonicalJson())))
        {
            return ReCapError.NotCanonical;
        }

        recap = candidate;
        return ReCapError.None;
    }

    private static ReCapError ReadDetails(
        JsonElement root,
        out ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> attenuations,
        out ImmutableArray<string> proofs)
    {
        attenuations = ReCap.EmptyAttenuations;
        proofs = [];
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ReCapError.InvalidShape;
        }

        string? previous = null;
        bool hasAttenuations = false, hasProofs = false;
        foreach (var member in root.EnumerateObject())
        {
            var error = CheckOrder(ref previous, member.Name);
            if (error != ReCapError.None)
            {
                return error;
            }

            switch (member.Name)
            {
                case "att":
                    hasAttenuations = true;
                    error = ReadAttenuations(member.Value, out attenuations);
                    break;
                case "prf":
                    hasProofs = true;
                    error = ReadProofs(member.Value, out proofs);
                    break;
                default:
                    return ReCapError.InvalidShape;
            }

            if (error != ReCapError.None)
            {
                return error;
            }
        }

        if (!hasAttenuations)
        {
            return ReCapError.EmptyAttenuations;
        }

        // The EIP lets prf be left out, but its examples (and so the canonical form) always carry it.
        return hasProofs ? ReCapError.None : ReCapError.NotCanonical;
    }

    private static ReCapError ReadAttenuations(
        JsonElement att,
        out ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableArray<JsonElement>>> attenuations)
    {
        attenuations = ReCap.EmptyAttenuations;
        if (att.ValueKind != JsonValueKind.Object)
        {
            return ReCapError.InvalidShape;
        }

        var builder = attenuations.ToBuilder();
        string? previousResource = null;
        foreach (var resource in att.EnumerateObject())
        {
            var error = CheckOrder(ref previousResource, resource.Name);
            if (error != ReCapError.None)
            {
                return error;
            }

            if (!ReCapResourceUri.IsValid(resource.Name))
            {
                return ReCapError.InvalidResourceUri;
            }

            error = ReadAbilities(resource.Value, out var abilities);
            if (error != ReCapError.None)
            {
                return error;
            }

            builder.Add(resource.Name, abilities);
        }

        if (builder.Count == 0)
        {
            return ReCapError.EmptyAttenuations;
        }

        attenuations = builder.ToImmutable();
        return ReCapError.None;
    }

    private static ReCapError ReadAbilities(JsonElement value, out ImmutableSortedDictionary<string, ImmutableArray<JsonElement>> abilities)
    {
        abilities = ImmutableSortedDictionary.Create<string, ImmutableArray<JsonElement>>(ReCapKeyComparer.Instance);
        if (value.ValueKind != JsonValueKind.Object)
        {
            return ReCapError.InvalidShape;
        }

        var builder = abilities.ToBuilder();
        string? previousAbility = null;
        foreach (var ability in value.EnumerateObject())
        {
            var error = CheckOrder(ref previousAbility, ability.Name);
            if (error != ReCapError.None)
            {
                return error;
            }

            if (!ReCapAbility.IsValid(ability.Name))
            {
                return ReCapError.InvalidAbility;
            }

            if (ability.Value.ValueKind != JsonValueKind.Array)
            {
                return ReCapError.InvalidShape;
            }

            var caveats = ImmutableArray.CreateBuilder<JsonElement>();
            foreach (var caveat in ability.Value.EnumerateArray())
            {
                if (caveat.ValueKind != JsonValueKind.Object)
                {
                    return ReCapError.InvalidShape;
                }

                error = CheckNestedOrder(caveat);
                if (error != ReCapError.None)
                {
                    return error;
                }

                // Left: non-finite numbers such as 1e400, which JSON.stringify cannot write back.
                if (!ReCapCanonicalJson.IsWritableCaveat(caveat))
                {
                    return ReCapError.InvalidJson;
                }

                caveats.Add(caveat.Clone());
            }

            builder.Add(ability.Name, caveats.ToImmutable());
        }

        if (builder.Count == 0)
        {
            return ReCapError.EmptyAttenuations;
        }

        abilities = builder.ToImmutable();
        return ReCapError.None;
    }

    private static ReCapError ReadProofs(JsonElement value, out ImmutableArray<string> proofs)
    {
        proofs = [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            return ReCapError.InvalidShape;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } proof || !ReCap.IsValidProof(proof))
            {
                return ReCapError.InvalidShape;
            }

            builder.Add(proof);
        }

        proofs = builder.ToImmutable();
        return ReCapError.None;
    }

    // EIP-5573: objects "(including nested objects) MUST NOT contain duplicate keys and MUST have their keys ordered".
    private static ReCapError CheckNestedOrder(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                string? previous = null;
                foreach (var member in value.EnumerateObject())
                {
                    var error = CheckOrder(ref previous, member.Name);
                    if (error == ReCapError.None)
                    {
                        error = CheckNestedOrder(member.Value);
                    }

                    if (error != ReCapError.None)
                    {
                        return error;
                    }
                }

                return ReCapError.None;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    var error = CheckNestedOrder(item);
                    if (error != ReCapError.None)
                    {
                        return error;
                    }
                }

                return ReCapError.None;
            default:
                return ReCapError.None;
        }
    }

    private static ReCapError CheckOrder(ref string? previous, string key)
    {
        if (previous is not null && ReCapKeyComparer.Instance.Compare(previous, key) >= 0)
        {
            return ReCapError.UnsortedKeys;
        }

        previous = key;
        return ReCapError.None;
    }

    private static bool IsBase64UrlChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
}
