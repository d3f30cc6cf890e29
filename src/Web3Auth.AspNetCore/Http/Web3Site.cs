using Microsoft.AspNetCore.Http;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The site identity a sign-in is bound to: the EIP-4361 domain, the URI and its origin. Comes from options; only
/// in Development, when no Domain is configured, from the request (options validation forbids that elsewhere).
/// </summary>
internal readonly record struct Web3Site(string Domain, string Uri, string Origin, bool FromRequest)
{
    public static Web3Site Resolve(Web3SessionKeyOptions options, HttpRequest request)
    {
        if (!string.IsNullOrEmpty(options.Domain))
        {
            var uri = options.Uri ?? "https://" + options.Domain;
            return new Web3Site(options.Domain, uri, OriginOf(uri), FromRequest: false);
        }

        var host = DomainOf(options, request);
        var requestUri = options.Uri ?? request.Scheme + "://" + host;
        return new Web3Site(host, requestUri, OriginOf(requestUri), FromRequest: true);
    }

    /// <summary>The domain alone, without building the rest: what every authenticated request compares.</summary>
    public static string DomainOf(Web3SessionKeyOptions options, HttpRequest request) =>
        !string.IsNullOrEmpty(options.Domain) ? options.Domain : request.Host.Value ?? "localhost";

    /// <summary>scheme://host[:port] of an absolute URI, with the default port left out, lowercase.</summary>
    public static string OriginOf(string absoluteUri) =>
        System.Uri.TryCreate(absoluteUri, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : absoluteUri;
}
