using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The form in which a proof's <c>htu</c> and the request's URI are compared (RFC 9449 §4.3, step 9): query and
/// fragment dropped, then RFC 3986 syntax- and scheme-based normalisation (§6.2.2, §6.2.3) — scheme and host in lower
/// case, the default port left out, an empty path as <c>/</c>, dot segments removed, percent-encodings of unreserved
/// characters decoded and the others in upper-case hex. Only http and https URIs without user information count.
/// </summary>
internal static class DpopTargetUri
{
    // Every DPoP request normalises two URIs, and both repeat: a client's proofs for one endpoint carry the same htu,
    // and the endpoint's own URI is the same each time. The last few hundred answers (failures too) are kept,
    // direct-mapped and lock-free like AccountClaimValues; a collision only costs normalising again. Long URIs are
    // not kept, which bounds the memory to about 256 × 2 × 512 characters.
    private const int Slots = 256;
    private const int MaxCachedLength = 512;
    private static readonly Normalized?[] Recent = new Normalized?[Slots];

    public static bool TryNormalize(string uri, [NotNullWhen(true)] out string? normalized)
    {
        if (uri.Length > MaxCachedLength)
        {
            return TryNormalizeUncached(uri, out normalized);
        }

        ref var slot = ref Recent[(uint)StringComparer.Ordinal.GetHashCode(uri) % Slots];
        var recent = Volatile.Read(ref slot);
        if (recent is null || !string.Equals(recent.Uri, uri, StringComparison.Ordinal))
        {
            recent = new Normalized(uri, TryNormalizeUncached(uri, out var result) ? result : null);
            Volatile.Write(ref slot, recent);
        }

        normalized = recent.Result;
        return normalized is not null;
    }

    private static bool TryNormalizeUncached(string uri, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var end = uri.AsSpan().IndexOfAny('?', '#');
        var target = end < 0 ? uri : uri[..end];
        if (!System.Uri.TryCreate(target, UriKind.Absolute, out var parsed) ||
            parsed.Scheme is not ("http" or "https") || parsed.UserInfo.Length > 0 || parsed.IsUnc)
        {
            return false;
        }

        // System.Uri applies the normalisations above but keeps the case of the escapes it leaves (%2f stays %2f).
        normalized = UpperCaseEscapes(parsed.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
        return true;
    }

    // RFC 3986 §6.2.2.1: the hex digits of a percent-encoding are case-insensitive; the normal form is upper case.
    private static string UpperCaseEscapes(string uri)
    {
        var escape = uri.IndexOf('%', StringComparison.Ordinal);
        if (escape < 0)
        {
            return uri;
        }

        var chars = uri.ToCharArray();
        for (var i = escape; i < chars.Length - 2; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToUpperInvariant(chars[i + 1]);
                chars[i + 2] = char.ToUpperInvariant(chars[i + 2]);
                i += 2;
            }
        }

        return new string(chars);
    }

    // One answer: the URI as given and its normal form, or null when it has none.
    private sealed record Normalized(string Uri, string? Result);
}
