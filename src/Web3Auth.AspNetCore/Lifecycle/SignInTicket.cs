using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// What the server needs to accept a sign-in message it issued, carried in the message itself instead of stored:
/// the message's <c>Request ID</c> is this ticket, protected (encrypted and authenticated) by ASP.NET Core Data
/// Protection under a purpose naming the scheme, so every node that shares the key ring reads it and no other scheme
/// or site can. It binds the rest of the message text (a SHA-256 prefix), says until when the message may be used,
/// and for a renewal names the session and the version it was issued against. Nothing is stored when a message is
/// issued; an anonymous client cannot grow any state.
/// </summary>
internal sealed record SignInTicket(DateTimeOffset ExpiresAt, byte[] NonceHash, byte[] MessageHash, string? RenewSessionId, long RenewVersion)
{
    public const int MessageHashBytes = 16;

    // Enough of the nonce's hash to tell a changed nonce (invalid_nonce) from another change (message_mismatch).
    private const int NonceHashBytes = 4;
    private const byte FormatVersion = 1;

    /// <summary>A ticket for the message <paramref name="bare"/> (built without its Request ID).</summary>
    public static SignInTicket For(SiweMessage bare, DateTimeOffset expiresAt, Web3Session? renewing) =>
        new(expiresAt, HashOf(bare.Nonce, NonceHashBytes), HashOf(bare.ToString(), MessageHashBytes), renewing?.Id, renewing?.Version ?? 0);

    private static byte[] HashOf(string text, int length)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return hash[..length].ToArray();
    }

    public string Protect(IDataProtector protector)
    {
        var renewal = RenewSessionId is null ? [] : System.Buffers.Text.Base64Url.DecodeFromChars(RenewSessionId);
        // version, expiry, nonce hash, message hash, renewal id length, renewal id, renewal version
        var payload = new byte[FixedLength + renewal.Length + (RenewSessionId is null ? 0 : 8)];
        payload[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), ExpiresAt.ToUnixTimeMilliseconds());
        NonceHash.CopyTo(payload.AsSpan(9));
        MessageHash.CopyTo(payload.AsSpan(9 + NonceHashBytes));
        payload[FixedLength - 1] = (byte)renewal.Length;
        renewal.CopyTo(payload.AsSpan(FixedLength));
        if (RenewSessionId is not null)
        {
            BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(FixedLength + renewal.Length), RenewVersion);
        }

        return System.Buffers.Text.Base64Url.EncodeToString(protector.Protect(payload));
    }

    /// <summary>The ticket in <paramref name="requestId"/>; false for anything this protector did not protect.</summary>
    public static bool TryUnprotect(IDataProtector protector, string? requestId, [NotNullWhen(true)] out SignInTicket? ticket)
    {
        ticket = null;
        if (string.IsNullOrEmpty(requestId) || requestId.Length > 1024 || !System.Buffers.Text.Base64Url.IsValid(requestId, out var length))
        {
            return false;
        }

        byte[] payload;
        try
        {
            var protectedBytes = new byte[length];
            if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(requestId, protectedBytes, out var written) || written != length)
            {
                return false;
            }

            payload = protector.Unprotect(protectedBytes);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // Not ours, tampered with, or protected with a key this node does not have.
            return false;
        }

        if (payload.Length < FixedLength || payload[0] != FormatVersion)
        {
            return false;
        }

        var renewalLength = payload[FixedLength - 1];
        if (payload.Length != FixedLength + renewalLength + (renewalLength == 0 ? 0 : 8))
        {
            return false;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1)));
        var nonceHash = payload.AsSpan(9, NonceHashBytes).ToArray();
        var hash = payload.AsSpan(9 + NonceHashBytes, MessageHashBytes).ToArray();
        string? renewSessionId = null;
        long renewVersion = 0;
        if (renewalLength > 0)
        {
            renewSessionId = System.Buffers.Text.Base64Url.EncodeToString(payload.AsSpan(FixedLength, renewalLength));
            renewVersion = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(FixedLength + renewalLength));
        }

        ticket = new SignInTicket(expiresAt, nonceHash, hash, renewSessionId, renewVersion);
        return true;
    }

    /// <summary>The Data Protection purpose of one scheme's tickets.</summary>
    public static IDataProtector CreateProtector(IDataProtectionProvider provider, string scheme) =>
        provider.CreateProtector("Web3Auth.AspNetCore.SignInMessage.v1", scheme);

    private const int FixedLength = 1 + 8 + NonceHashBytes + MessageHashBytes + 1;

    /// <summary>Whether <paramref name="message"/> carries the nonce this ticket was issued with.</summary>
    public bool BindsNonce(SiweMessage message) => CryptographicOperations.FixedTimeEquals(HashOf(message.Nonce, NonceHashBytes), NonceHash);

    /// <summary>Whether <paramref name="message"/> (parsed from the submitted text) is the text this ticket was issued for.</summary>
    public bool Binds(SiweMessage message) =>
        new SiweMessageBuilder(message) { RequestId = null }.TryBuild(out var bare, out _) &&
        CryptographicOperations.FixedTimeEquals(HashOf(bare.ToString(), MessageHashBytes), MessageHash);
}
