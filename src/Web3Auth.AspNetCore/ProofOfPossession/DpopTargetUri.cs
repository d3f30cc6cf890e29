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
    public static bool TryNormalize(string uri, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var end = uri.AsSpan().IndexOfAny('?', '#');
        var target = end < 0 ? uri : uri[..end];
        if (!System.Uri.TryCreate(target, UriKind.Absolute, out var parsed) ||
            parsed.Scheme is not ("http" or "https") || parsed.UserInfo.Length > 0 || parsed.IsUnc)
        {
            return false;
        }

        // System.Uri already applied the normalisations above: GetComponents with UriEscaped returns the path with
        // unreserved characters decoded, dot segments removed, and escapes it keeps in upper-case hex.
        normalized = parsed.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return true;
    }
}
