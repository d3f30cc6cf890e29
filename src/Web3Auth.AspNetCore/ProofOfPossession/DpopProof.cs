using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A parsed DPoP proof (RFC 9449 §4.2): a compact JWS whose protected header carries <c>typ</c>, <c>alg</c> and the
/// public <c>jwk</c>, and whose claims are <c>jti</c>, <c>htm</c>, <c>htu</c>, <c>iat</c>, <c>ath</c> and optionally
/// <c>nonce</c>. Parsing is strict and bounded: three canonical base64url parts, JSON objects with unique members,
/// claims of the right types and sizes, <c>crit</c> refused (no extension is understood). Parsing checks the form
/// only; <see cref="DpopProofValidator"/> checks what the proof says.
/// </summary>
internal sealed class DpopProof
{
    /// <summary>The longest proof read, in characters (a P-256 proof is about 550).</summary>
    public const int MaxLength = 4096;

    private const int MaxPartBytes = 2048;
    private const int MaxJtiLength = 256;
    private const int MaxHtuLength = 2048;
    private const int MaxNonceLength = 512;
    private const int MaxHeaderMembers = 8;
    private const int MaxClaims = 16;
    private const int SignatureBytes = 64;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 4 };

    private DpopProof(string type, string algorithm, SessionPublicKey key, string jti, string method, string uri, long issuedAt, string? tokenHash, string? nonce, byte[] signingInputHash, byte[] signature)
    {
        Type = type;
        Algorithm = algorithm;
        Key = key;
        Jti = jti;
        Method = method;
        Uri = uri;
        IssuedAt = issuedAt;
        TokenHash = tokenHash;
        Nonce = nonce;
        SigningInputHash = signingInputHash;
        Signature = signature;
    }

    public string Type { get; }

    public string Algorithm { get; }

    public SessionPublicKey Key { get; }

    public string Jti { get; }

    public string Method { get; }

    public string Uri { get; }

    /// <summary><c>iat</c>, Unix seconds (a fractional NumericDate is truncated).</summary>
    public long IssuedAt { get; }

    public string? TokenHash { get; }

    public string? Nonce { get; }

    /// <summary>SHA-256 of the JWS signing input (<c>header.payload</c> as ASCII): what the signature covers.</summary>
    public byte[] SigningInputHash { get; }

    /// <summary>The JWS signature: r‖s, 32 bytes each.</summary>
    public byte[] Signature { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="failure"/> names the first problem found.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out DpopProof? proof, [NotNullWhen(false)] out DpopProofFailure? failure)
    {
        proof = null;
        if (text.Length > MaxLength)
        {
            failure = new DpopProofFailure(DpopProofError.TooLarge, $"The DPoP proof is longer than {MaxLength} characters.");
            return false;
        }

        var firstDot = text.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : text.IndexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || text.IndexOf('.', secondDot + 1) >= 0 || secondDot == text.Length - 1)
        {
            failure = Malformed("it is not a compact JWS (three base64url parts separated by dots)");
            return false;
        }

        var signature = new byte[SignatureBytes];
        if (!Base64UrlCanonical.TryDecodeExact(text.AsSpan(secondDot + 1), signature))
        {
            failure = Malformed("the signature is not 64 bytes of canonical base64url (r‖s)");
            return false;
        }

        // Both parts decode into one pooled buffer, which the documents read from until they are disposed.
        var buffer = ArrayPool<byte>.Shared.Rent(2 * MaxPartBytes);
        try
        {
            return TryParse(text, firstDot, secondDot, signature, buffer, out proof, out failure);
        }
        catch (InvalidOperationException)
        {
            // JsonDocument reads strings (names too) as bytes and transcodes them only when asked: a name or value that
            // is not valid UTF-8, or escapes a lone surrogate, throws then. Every kind is checked before it is read,
            // so nothing else here throws this.
            proof = null;
            failure = Malformed("a part has text that is not valid UTF-8 or escapes a lone surrogate");
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryParse(string text, int firstDot, int secondDot, byte[] signature, byte[] buffer,
        [NotNullWhen(true)] out DpopProof? proof, [NotNullWhen(false)] out DpopProofFailure? failure)
    {
        proof = null;
        JsonDocument? header = null, claims = null;
        if (!TryReadObject(text.AsSpan(0, firstDot), buffer.AsMemory(0, MaxPartBytes), MaxHeaderMembers, out header, out var problem) ||
            !TryReadObject(text.AsSpan(firstDot + 1, secondDot - firstDot - 1), buffer.AsMemory(MaxPartBytes, MaxPartBytes), MaxClaims, out claims, out problem))
        {
            header?.Dispose();
            failure = Malformed(problem!);
            return false;
        }

        using (header)
        using (claims)
        {
            var h = header!.RootElement;
            if (h.TryGetProperty("crit"u8, out _))
            {
                failure = Malformed("it has a crit header; no JWS extension is understood here");
                return false;
            }

            if (!TryGetString(h, "typ"u8, 64, out var type) || !TryGetString(h, "alg"u8, 16, out var algorithm))
            {
                failure = Malformed("the header needs typ and alg strings");
                return false;
            }

            if (!h.TryGetProperty("jwk"u8, out var jwk))
            {
                failure = new DpopProofFailure(DpopProofError.InvalidKey, "The DPoP proof's header has no jwk.");
                return false;
            }

            if (!SessionPublicKey.TryFromJwk(jwk, out var key, out var keyProblem))
            {
                failure = new DpopProofFailure(DpopProofError.InvalidKey, "The DPoP proof's jwk is refused: " + keyProblem);
                return false;
            }

            var c = claims!.RootElement;
            if (!TryGetString(c, "jti"u8, MaxJtiLength, out var jti) || jti.Length == 0 ||
                !TryGetString(c, "htm"u8, 32, out var method) ||
                !TryGetString(c, "htu"u8, MaxHtuLength, out var uri) ||
                !TryGetNumericDate(c, "iat"u8, out var issuedAt))
            {
                failure = Malformed($"the claims need jti (1 to {MaxJtiLength} characters), htm and htu strings and a numeric iat");
                return false;
            }

            string? tokenHash = null, nonce = null;
            if ((c.TryGetProperty("ath"u8, out _) && !TryGetString(c, "ath"u8, 64, out tokenHash)) ||
                (c.TryGetProperty("nonce"u8, out _) && !TryGetString(c, "nonce"u8, MaxNonceLength, out nonce)))
            {
                failure = Malformed("ath and nonce, when present, must be strings");
                return false;
            }

            proof = new DpopProof(type, algorithm, key, jti, method, uri, issuedAt, tokenHash, nonce, HashSigningInput(text.AsSpan(0, secondDot)), signature);
            failure = null;
            return true;
        }
    }

    // SHA-256 of the signing input as ASCII (a non-ASCII character, which canonical base64url never has, becomes '?').
    private static byte[] HashSigningInput(ReadOnlySpan<char> signingInput)
    {
        Span<byte> ascii = stackalloc byte[MaxLength];
        var length = Encoding.ASCII.GetBytes(signingInput, ascii);
        return SHA256.HashData(ascii[..length]);
    }

    // A part: canonical base64url of a JSON object with unique members, within the size bounds.
    private static bool TryReadObject(ReadOnlySpan<char> part, Memory<byte> bytes, int maxMembers, out JsonDocument? document, out string? problem)
    {
        document = null;
        if (!Base64UrlCanonical.TryDecode(part, bytes.Span, out var length))
        {
            problem = "a part is not canonical base64url or is too large";
            return false;
        }

        // JsonDocument checks UTF-8 only when a string is read, and then throws.
        if (!Utf8.IsValid(bytes.Span[..length]))
        {
            problem = "a part is not valid UTF-8";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(bytes[..length], JsonOptions);
        }
        catch (JsonException)
        {
            problem = "a part is not JSON";
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            problem = "a part is not a JSON object";
            return false;
        }

        problem = MemberProblem(document.RootElement, maxMembers);
        if (problem is not null)
        {
            document.Dispose();
            document = null;
            return false;
        }

        return true;
    }

    // Members must be unique (names compared as unescaped strings, ordinal) and at most maxMembers. A name without
    // escapes is its own unescaped UTF-8, so names compare as raw bytes without making strings; a part with an escaped
    // or invalid UTF-8 name is checked through the strings instead (which throw for invalid UTF-8, as Name does).
    private static string? MemberProblem(JsonElement root, int maxMembers)
    {
        var count = 0;
        foreach (var member in root.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            if (name.Contains((byte)'\\') || !Utf8.IsValid(name))
            {
                return MemberProblemByName(root, maxMembers);
            }

            var duplicate = false;
            var earlier = 0;
            foreach (var other in root.EnumerateObject())
            {
                if (earlier++ == count)
                {
                    break;
                }

                if (JsonMarshal.GetRawUtf8PropertyName(other).SequenceEqual(name))
                {
                    duplicate = true;
                    break;
                }
            }

            if (!duplicate)
            {
                count++;
            }

            if (duplicate || count > maxMembers)
            {
                return count > maxMembers ? "a part has too many members" : "a member appears twice";
            }
        }

        return null;
    }

    private static string? MemberProblemByName(JsonElement root, int maxMembers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!names.Add(member.Name) || names.Count > maxMembers)
            {
                return names.Count > maxMembers ? "a part has too many members" : "a member appears twice";
            }
        }

        return null;
    }

    private static bool TryGetString(JsonElement element, ReadOnlySpan<byte> name, int maxLength, [NotNullWhen(true)] out string? value)
    {
        value = element.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.String ? member.GetString() : null;
        if (value is null || value.Length > maxLength)
        {
            value = null;
            return false;
        }

        return true;
    }

    private static bool TryGetNumericDate(JsonElement element, ReadOnlySpan<byte> name, out long seconds)
    {
        seconds = 0;
        if (!element.TryGetProperty(name, out var member) || member.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (member.TryGetInt64(out seconds))
        {
            return seconds >= 0;
        }

        // RFC 7519 NumericDate may have a fraction.
        if (member.TryGetDouble(out var fractional) && fractional >= 0 && fractional < 1e12)
        {
            seconds = (long)fractional;
            return true;
        }

        return false;
    }

    private static DpopProofFailure Malformed(string problem) => new(DpopProofError.Malformed, "The DPoP proof is malformed: " + problem + ".");
}
