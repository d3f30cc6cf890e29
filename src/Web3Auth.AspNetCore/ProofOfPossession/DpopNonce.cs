using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Server nonces for DPoP proofs (RFC 9449 §8), stateless: a nonce is the time it was issued, protected by Data
/// Protection under a purpose naming the scheme, so every node that shares the key ring accepts the others' nonces and
/// nothing is stored. A nonce is valid for <see cref="Web3DpopOptions.NonceLifetime"/>.
/// </summary>
internal static class DpopNonce
{
    public static IDataProtector CreateProtector(IDataProtectionProvider provider, string scheme) =>
        provider.CreateProtector("Web3Auth.AspNetCore.DpopNonce.v1", scheme);

    public static string Issue(IDataProtector protector, DateTimeOffset now)
    {
        Span<byte> issued = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issued, now.ToUnixTimeMilliseconds());
        return Base64Url.EncodeToString(protector.Protect(issued.ToArray()));
    }

    /// <summary>When <paramref name="nonce"/> was issued by this scheme; null for anything it did not issue.</summary>
    public static DateTimeOffset? IssuedAt(IDataProtector protector, string? nonce)
    {
        if (string.IsNullOrEmpty(nonce) || nonce.Length > 256)
        {
            return null;
        }

        var protectedBytes = new byte[192];
        if (!Base64UrlCanonical.TryDecode(nonce, protectedBytes, out var length))
        {
            return null;
        }

        try
        {
            var issued = protector.Unprotect(protectedBytes[..length]);
            return issued.Length == 8 ? DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(issued)) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
