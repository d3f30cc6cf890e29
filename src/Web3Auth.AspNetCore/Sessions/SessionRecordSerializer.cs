using System.Text.Json;
using System.Text.Json.Serialization;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// How sessions, challenges and address indexes are written to a cache: compact JSON with one-letter names
/// (a session record stays well under 512 bytes), through a source-generated serializer (no reflection, trim-safe).
/// Timestamps are Unix milliseconds. A smart-wallet session under revalidation also keeps its signed hash and
/// signature (base64), which is as large as the wallet made the signature: about 150 bytes more for a one-owner
/// EIP-1271 signature, a kilobyte or more for an EIP-6492 wrapper.
/// </summary>
internal static class SessionRecordSerializer
{
    public static byte[] Serialize(Web3Session session) => JsonSerializer.SerializeToUtf8Bytes(
        new SessionRecord(
            session.Id,
            session.Address.ToString(),
            session.ChainId,
            session.TokenHash,
            session.CreatedAt.ToUnixTimeMilliseconds(),
            session.ExpiresAt.ToUnixTimeMilliseconds(),
            ToRecords(session.Permissions),
            session.ClientHint,
            session.VerificationMethod,
            session.SignatureProof?.MessageHash,
            session.SignatureProof?.Signature,
            session.SignatureProof?.VerifiedAt.ToUnixTimeMilliseconds()),
        SessionRecordJsonContext.Default.SessionRecord);

    /// <summary>Reads a session record; see <see cref="SessionRecordReader"/> for why it is not the generated reader.</summary>
    public static Web3Session? DeserializeSession(ReadOnlySpan<byte> utf8) => SessionRecordReader.Read(utf8);

    public static byte[] Serialize(Web3Challenge challenge) => JsonSerializer.SerializeToUtf8Bytes(
        new ChallengeRecord(
            challenge.Nonce,
            challenge.Message,
            challenge.Address.ToString(),
            challenge.ChainId,
            ToRecords(challenge.Permissions),
            challenge.SessionExpiresAt.ToUnixTimeMilliseconds(),
            challenge.ExpiresAt.ToUnixTimeMilliseconds(),
            challenge.RenewSessionId),
        SessionRecordJsonContext.Default.ChallengeRecord);

    public static Web3Challenge? DeserializeChallenge(ReadOnlySpan<byte> utf8)
    {
        var record = JsonSerializer.Deserialize(utf8, SessionRecordJsonContext.Default.ChallengeRecord);
        if (record is null || !EthereumAddress.TryParse(record.A, out var address))
        {
            return null;
        }

        return new Web3Challenge
        {
            Nonce = record.N,
            Message = record.M,
            Address = address,
            ChainId = record.C,
            Permissions = FromRecords(record.P),
            SessionExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(record.S),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(record.E),
            RenewSessionId = record.R,
        };
    }

    private static PermissionRecord[] ToRecords(IEnumerable<Web3SessionPermission> permissions) =>
        permissions.Select(p => new PermissionRecord(p.Name, p.ExpiresAt.ToUnixTimeMilliseconds())).ToArray();

    private static Web3SessionPermission[] FromRecords(PermissionRecord[] records) =>
        records.Select(p => new Web3SessionPermission(p.N, DateTimeOffset.FromUnixTimeMilliseconds(p.E))).ToArray();

    public static byte[] Serialize(AddressIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, SessionRecordJsonContext.Default.AddressIndex);

    public static AddressIndex DeserializeIndex(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, SessionRecordJsonContext.Default.AddressIndex) ?? new AddressIndex([]);
}

// D, G, L: the signed hash, the signature and when it was verified, only for smart-wallet sessions under revalidation.
internal sealed record SessionRecord(string I, string A, ulong C, byte[] H, long T, long E, PermissionRecord[] P, string? U, string? V, byte[]? D = null, byte[]? G = null, long? L = null);

internal sealed record PermissionRecord(string N, long E);

internal sealed record ChallengeRecord(string N, string M, string A, ulong C, PermissionRecord[] P, long S, long E, string? R);

/// <summary>The ids of one address's sessions with their expiries, so expired entries can be pruned.</summary>
internal sealed record AddressIndex(IndexEntry[] S);

internal sealed record IndexEntry(string I, long E);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionRecord))]
[JsonSerializable(typeof(ChallengeRecord))]
[JsonSerializable(typeof(AddressIndex))]
internal sealed partial class SessionRecordJsonContext : JsonSerializerContext;
