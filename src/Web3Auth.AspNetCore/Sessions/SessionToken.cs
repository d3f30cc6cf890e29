using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The opaque bearer token: <c>{sessionId}.{secret}</c>, both base64url. The id (128 random bits) finds the record
/// in one lookup; the secret (256 random bits) proves possession and is stored only as its SHA-256, compared in
/// constant time. Renewal rotates the secret and keeps the id.
/// </summary>
internal static class SessionToken
{
    public const int SessionIdBytes = 16;
    public const int SecretBytes = 32;

    private static readonly int SessionIdLength = Base64Url.GetEncodedLength(SessionIdBytes);
    private static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);

    public static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SessionIdBytes));

    /// <summary>Mints a token for <paramref name="sessionId"/>; returns it and the hash to store.</summary>
    public static string Mint(string sessionId, out byte[] secretHash)
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        secretHash = SHA256.HashData(secret);
        var token = sessionId + "." + Base64Url.EncodeToString(secret);
        CryptographicOperations.ZeroMemory(secret);
        return token;
    }

    /// <summary>Splits a token into its session id and the SHA-256 of its secret; false for anything malformed.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? sessionId, [NotNullWhen(true)] out byte[]? secretHash)
    {
        sessionId = null;
        secretHash = null;
        if (token is null || token.Length != SessionIdLength + 1 + SecretLength || token[SessionIdLength] != '.')
        {
            return false;
        }

        var idPart = token.AsSpan(0, SessionIdLength);
        Span<byte> secret = stackalloc byte[SecretBytes];

        // Base64Url.TryDecodeFromChars throws FormatException on '+', '/', misplaced '=' or a non-canonical last
        // character instead of returning false; IsValid and the OperationStatus overload only report. The decoder
        // skips whitespace and accepts padding, so the exact decoded lengths are what rule those out.
        if (!Base64Url.IsValid(idPart, out var idBytes) || idBytes != SessionIdBytes ||
            Base64Url.DecodeFromChars(token.AsSpan(SessionIdLength + 1), secret, out _, out var written) != OperationStatus.Done ||
            written != SecretBytes)
        {
            return false;
        }

        sessionId = idPart.ToString();
        secretHash = SHA256.HashData(secret);
        return true;
    }

    /// <summary>Whether a presented secret's hash matches the stored one, in time independent of where they differ.</summary>
    public static bool Matches(byte[] presentedHash, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);
}
