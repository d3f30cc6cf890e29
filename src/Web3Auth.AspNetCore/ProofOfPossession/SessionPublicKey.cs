using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Web3Auth.Siwe.Keys;

namespace Web3Auth.AspNetCore;

/// <summary>
/// A session key's public half: an EC point on P-256 (JWS <c>ES256</c>) or secp256k1 (<c>ES256K</c>, RFC 8812), read
/// from a JWK (RFC 7517/7518) or a <c>did:key</c>, with its RFC 7638 thumbprint. Reading is strict and names what is
/// wrong: private members, another key type or curve, coordinates that are not exactly 32 bytes of canonical base64url,
/// a point off the curve or at infinity.
/// </summary>
internal sealed class SessionPublicKey
{
    public const int CoordinateBytes = 32;

    // Generous for a public EC JWK (≈ 130 bytes with kid, use, key_ops and ext), small enough to bound work.
    private const int MaxMembers = 12;
    private const int MaxMemberLength = 256;

    // Members that only a private (or symmetric) JWK has: RFC 7518 §6.2.2, §6.3.2, §6.4.1.
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    // The keys read from JWKs most recently: a client sends the same jwk in every proof, and reading one costs a
    // point check and the thumbprint's SHA-256. Direct-mapped and lock-free like AccountClaimValues: a slot holds one
    // immutable key and is replaced whole; a key enters only once every check passed, and is found again only for the
    // same curve and the same x and y text (canonical base64url: the same text is the same coordinate).
    private const int RecentSlots = 256;
    private static readonly SessionPublicKey?[] Recent = new SessionPublicKey?[RecentSlots];

    private readonly string _xText;
    private readonly string _yText;

    private SessionPublicKey(SessionKeyCurve curve, byte[] x, byte[] y)
    {
        Curve = curve;
        X = x;
        Y = y;
        _xText = Base64Url.EncodeToString(X);
        _yText = Base64Url.EncodeToString(Y);
        Thumbprint = ComputeThumbprint();
    }

    public SessionKeyCurve Curve { get; }

    /// <summary>The x-coordinate, 32 bytes big-endian. Shared between the requests that send this key: never written to.</summary>
    public byte[] X { get; }

    /// <summary>The y-coordinate, 32 bytes big-endian. Shared like <see cref="X"/>.</summary>
    public byte[] Y { get; }

    /// <summary>The RFC 7638 SHA-256 thumbprint, base64url.</summary>
    public string Thumbprint { get; }

    /// <summary>The JWS algorithm this key signs with: <c>ES256</c> or <c>ES256K</c>.</summary>
    public string Algorithm => AlgorithmOf(Curve);

    /// <summary>The JWK <c>crv</c> of the key.</summary>
    public string CurveName => Curve == SessionKeyCurve.P256 ? "P-256" : "secp256k1";

    public string DidKey => Web3Auth.Siwe.Keys.DidKey.Encode(Curve, X, Y);

    public Web3BoundKey ToBoundKey() => new() { DidKey = DidKey, Thumbprint = Thumbprint };

    public static string AlgorithmOf(SessionKeyCurve curve) => curve == SessionKeyCurve.P256 ? "ES256" : "ES256K";

    /// <summary>The key a canonical <c>did:key</c> names; false for anything else.</summary>
    public static bool TryFromDidKey(string? did, [NotNullWhen(true)] out SessionPublicKey? key)
    {
        key = Web3Auth.Siwe.Keys.DidKey.TryParse(did, out var curve, out var x, out var y) ? new SessionPublicKey(curve, x, y) : null;
        return key is not null;
    }

    /// <summary>Reads a public EC JWK; on failure <paramref name="reason"/> says what is wrong, in words for the client.</summary>
    public static bool TryFromJwk(JsonElement jwk, [NotNullWhen(true)] out SessionPublicKey? key, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            return TryRead(jwk, out key, out reason);
        }
        catch (InvalidOperationException)
        {
            // JsonElement decodes a string only when it is read, and throws for an escaped lone surrogate ("\ud800").
            key = null;
            reason = "The key has a name or value that is not valid text.";
            return false;
        }
    }

    private static bool TryRead(JsonElement jwk, [NotNullWhen(true)] out SessionPublicKey? key, [NotNullWhen(false)] out string? reason)
    {
        key = null;
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            reason = "The key must be a JSON Web Key object.";
            return false;
        }

        string? kty = null, crv = null, x = null, y = null, alg = null, use = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in jwk.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                reason = $"The key has the member \"{Shorten(member.Name)}\" twice.";
                return false;
            }

            if (seen.Count > MaxMembers || member.Name.Length > MaxMemberLength || RawTextLonger(member.Value, MaxMemberLength))
            {
                reason = "The key has too many or too large members; send only kty, crv, x and y.";
                return false;
            }

            if (Array.IndexOf(PrivateMembers, member.Name) >= 0)
            {
                reason = $"The key has the private member \"{member.Name}\": send only the public key, never the private one.";
                return false;
            }

            switch (member.Name)
            {
                case "kty": kty = StringOf(member.Value); break;
                case "crv": crv = StringOf(member.Value); break;
                case "x": x = StringOf(member.Value); break;
                case "y": y = StringOf(member.Value); break;
                case "alg": alg = StringOf(member.Value) ?? "?"; break;
                case "use": use = StringOf(member.Value) ?? "?"; break;
            }
        }

        if (kty != "EC")
        {
            reason = $"Unsupported key type (kty) {Quoted(kty)}: session keys are EC keys on P-256 or secp256k1.";
            return false;
        }

        SessionKeyCurve curve;
        switch (crv)
        {
            case "P-256": curve = SessionKeyCurve.P256; break;
            case "secp256k1": curve = SessionKeyCurve.Secp256k1; break;
            default:
                reason = $"Unsupported curve (crv) {Quoted(crv)}: use P-256 (ES256) or secp256k1 (ES256K).";
                return false;
        }

        if (alg is not null && alg != AlgorithmOf(curve))
        {
            reason = $"The key's alg {Quoted(alg)} does not fit its curve {crv}: use {AlgorithmOf(curve)}.";
            return false;
        }

        if (use is not null && use != "sig")
        {
            reason = "A session key signs: its use, if given, must be \"sig\".";
            return false;
        }

        ref var slot = ref Recent[(uint)StringComparer.Ordinal.GetHashCode(x ?? string.Empty) % RecentSlots];
        var recent = Volatile.Read(ref slot);
        if (recent is not null && recent.Curve == curve && string.Equals(recent._xText, x, StringComparison.Ordinal) &&
            string.Equals(recent._yText, y, StringComparison.Ordinal))
        {
            key = recent;
            reason = null;
            return true;
        }

        var xBytes = new byte[CoordinateBytes];
        var yBytes = new byte[CoordinateBytes];
        if (!TryDecodeCoordinate(x, xBytes) || !TryDecodeCoordinate(y, yBytes))
        {
            reason = "The key's x and y must each be exactly 32 bytes in canonical base64url (43 characters, no padding).";
            return false;
        }

        if (xBytes.AsSpan().IndexOfAnyExcept((byte)0) < 0 && yBytes.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            reason = "The key is the point at infinity, which is no public key.";
            return false;
        }

        if (!SessionKeyPoints.IsOnCurve(curve, xBytes, yBytes))
        {
            reason = $"The key's point is not on the {crv} curve.";
            return false;
        }

        key = new SessionPublicKey(curve, xBytes, yBytes);
        Volatile.Write(ref slot, key);
        reason = null;
        return true;
    }

    // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
    private string ComputeThumbprint()
    {
        var json = $"{{\"crv\":\"{CurveName}\",\"kty\":\"EC\",\"x\":\"{_xText}\",\"y\":\"{_yText}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(json)));
    }

    // GetRawText().Length > max, without making the string when the raw UTF-8 is valid and short enough to tell (a
    // character takes at least one byte). Otherwise GetRawText decides, throwing for invalid UTF-8 as it does.
    private static bool RawTextLonger(JsonElement value, int max)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return (raw.Length > max || !Utf8.IsValid(raw)) && value.GetRawText().Length > max;
    }

    /// <summary>Decodes exactly <paramref name="destination"/>'s length of canonical base64url; never throws.</summary>
    public static bool TryDecodeCoordinate(string? text, Span<byte> destination) =>
        text is not null && Base64UrlCanonical.TryDecodeExact(text, destination);

    private static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Quoted(string? value) => value is null ? "(missing)" : "\"" + Shorten(value) + "\"";

    private static string Shorten(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
