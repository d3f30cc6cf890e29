using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    private SessionPublicKey(SessionKeyCurve curve, byte[] x, byte[] y)
    {
        Curve = curve;
        X = x;
        Y = y;
        Thumbprint = ComputeThumbprint();
    }

    public SessionKeyCurve Curve { get; }

    public byte[] X { get; }

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

            if (seen.Count > MaxMembers || member.Name.Length > MaxMemberLength || member.Value.GetRawText().Length > MaxMemberLength)
            {
                reason = "The key has too many or too large members; send only kty, crv, x and y.";
                return false;
            }

            if (PrivateMembers.Contains(member.Name, StringComparer.Ordinal))
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
        reason = null;
        return true;
    }

    // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
    private string ComputeThumbprint()
    {
        var json = $"{{\"crv\":\"{CurveName}\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(X)}\",\"y\":\"{Base64Url.EncodeToString(Y)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(json)));
    }

    /// <summary>Decodes exactly <paramref name="destination"/>'s length of canonical base64url; never throws.</summary>
    public static bool TryDecodeCoordinate(string? text, Span<byte> destination) =>
        text is not null && Base64UrlCanonical.TryDecodeExact(text, destination);

    private static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Quoted(string? value) => value is null ? "(missing)" : "\"" + Shorten(value) + "\"";

    private static string Shorten(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
