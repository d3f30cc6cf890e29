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

    /// <summary>Splits a token into its session id, owner address and the SHA-256 of its secret; false for anything malformed.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out string? sessionId, out EthereumAddress address, [NotNullWhen(true)] out byte[]? secretHash)
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
        secretHash = SHA256.HashData(secret);
        return true;
    }

    /// <summary>Whether a presented secret's hash matches the stored one, in time independent of where they differ.</summary>
    public static bool Matches(byte[] presentedHash, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(presentedHash, storedHash);

    // Base64Url.TryDecodeFromChars throws FormatException (instead of returning false) for '+', '/', '=' and for a
    // non-canonical last character; IsValid first, and only the canonical encoding of exactly the expected length.
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.Length != Base64Url.GetEncodedLength(destination.Length) || !Base64Url.IsValid(text, out var decodedLength) ||
            decodedLength != destination.Length)
        {
            return false;
        }

        try
        {
            // Only the canonical spelling: one token per secret.
            Span<char> canonical = stackalloc char[text.Length];
            return Base64Url.TryDecodeFromChars(text, destination, out var written) && written == destination.Length &&
                   Base64Url.TryEncodeToChars(destination, canonical, out var length) && canonical[..length].SequenceEqual(text);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
