using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The opaque token, <c>{sessionId}.{secret}</c>, both base64url. The session id is the owner's address (20 bytes)
/// followed by 128 random bits, so a token names the owner whose list is the authority for it, and a store can keep a
/// session next to that list (one Redis Cluster slot). The secret (256 random bits) proves possession and is stored
/// only as its SHA-256, compared in constant time. Renewal rotates the secret and keeps the id.
/// </summary>
/// <remarks>
/// The session cookie holds a different credential of the same shape: the cookie's secret is a preimage of the token's
/// (token secret = SHA-256 of a label and the cookie secret). The cookie authenticates as the token does, but the token a
/// page's script is given cannot be replayed as a cookie: a key-bound session's token is worthless without the key, and
/// its HttpOnly cookie never reaches script.
/// </remarks>
internal static class SessionToken
{
    private const int RandomIdBytes = 16;
    private const int SessionIdBytes = EthereumAddress.Size + RandomIdBytes;
    private const int SecretBytes = 32;

    private static readonly int SessionIdLength = Base64Url.GetEncodedLength(SessionIdBytes);
    private static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);

    public static string NewSessionId(EthereumAddress address)
    {
        Span<byte> id = stackalloc byte[SessionIdBytes];
        address.CopyTo(id);
        RandomNumberGenerator.Fill(id[EthereumAddress.Size..]);
        return Base64Url.EncodeToString(id);
    }

    /// <summary>
    /// Mints a token for <paramref name="sessionId"/>; returns it, the hash to store, and the session cookie's value.
    /// </summary>
    public static string Mint(string sessionId, out byte[] secretHash, out string cookie)
    {
        Span<byte> cookieSecret = stackalloc byte[SecretBytes];
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(cookieSecret);
        DeriveTokenSecret(cookieSecret, secret);
        secretHash = SHA256.HashData(secret);
        var token = sessionId + "." + Base64Url.EncodeToString(secret);
        cookie = sessionId + "." + Base64Url.EncodeToString(cookieSecret);
        CryptographicOperations.ZeroMemory(secret);
        CryptographicOperations.ZeroMemory(cookieSecret);
        return token;
    }

    private static void DeriveTokenSecret(ReadOnlySpan<byte> cookieSecret, Span<byte> tokenSecret)
    {
        Span<byte> input = stackalloc byte[CookieLabel.Length + SecretBytes];
        CookieLabel.CopyTo(input);
        cookieSecret.CopyTo(input[CookieLabel.Length..]);
        SHA256.HashData(input, tokenSecret);
        CryptographicOperations.ZeroMemory(input);
    }

    private static ReadOnlySpan<byte> CookieLabel => "web3auth-session-token-v1"u8;

    /// <summary>The address a session id names; false for anything that is not a session id.</summary>
    public static bool TryReadSessionId(ReadOnlySpan<char> sessionId, out EthereumAddress address)
    {
        Span<byte> id = stackalloc byte[SessionIdBytes];
        if (!TryDecode(sessionId, id))
        {
            address = default;
            return false;
        }

        address = new EthereumAddress(id[..EthereumAddress.Size]);
        return !address.IsZero;
    }

    /// <summary>
    /// Splits a token into its session id, owner address and the SHA-256 of its secret; false for anything malformed.
    /// </summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? sessionId, out EthereumAddress address, [NotNullWhen(true)] out byte[]? secretHash) =>
        TryParse(token, fromCookie: false, out sessionId, out address, out secretHash);

    /// <summary>
    /// Splits a token (or, with <paramref name="fromCookie"/>, a session cookie's value) into its session id, owner
    /// address and the SHA-256 of the token's secret; false for anything malformed.
    /// </summary>
    public static bool TryParse(string? token, bool fromCookie, [NotNullWhen(true)] out string? sessionId, out EthereumAddress address, [NotNullWhen(true)] out byte[]? secretHash)
    {
        sessionId = null;
        secretHash = null;
        address = default;
        if (token is null || token.Length != SessionIdLength + 1 + SecretLength || token[SessionIdLength] != '.')
        {
            return false;
        }

        var idPart = token.AsSpan(0, SessionIdLength);
        Span<byte> secret = stackalloc byte[SecretBytes];
        if (!TryReadSessionId(idPart, out address) || !TryDecode(token.AsSpan(SessionIdLength + 1), secret))
        {
            return false;
        }

        sessionId = idPart.ToString();
        if (fromCookie)
        {
            DeriveTokenSecret(secret, secret);
        }

        secretHash = SHA256.HashData(secret);
        return true;
    }

    /// <summary>Whether a presented secret's hash matches the stored one, in time independent of where they differ.</summary>
    public static bool Matches(byte[] presentedHash, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);

    // Only the canonical spelling of exactly the expected length: one token per secret.
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination) => Base64UrlCanonical.TryDecodeExact(text, destination);
}
