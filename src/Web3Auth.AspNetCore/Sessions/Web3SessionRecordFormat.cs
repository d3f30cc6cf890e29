using System.Buffers;
using System.Text.Json;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The one format of a stored session, for every store: a compact JSON object, timestamps in Unix milliseconds,
/// byte strings in base64. Each member name below is used by both <see cref="Write"/> and <see cref="TryRead"/>, so the
/// two cannot drift apart. A store that must look inside a record (the Redis store's compare-and-swap script reads
/// <c>version</c>) relies on these names; they are part of the contract.
/// </summary>
/// <remarks>
/// The reader goes from bytes to <see cref="Web3Session"/> in one pass without intermediate objects: the store reads
/// one record on every authenticated request. A smart-wallet session under revalidation also keeps its signed hash
/// and signature, as large as the wallet made the signature (≈ 150 bytes for one EIP-1271 owner, a kilobyte or more
/// for an EIP-6492 wrapper).
/// </remarks>
public static class Web3SessionRecordFormat
{
    private static ReadOnlySpan<byte> IdName => "id"u8;
    private static ReadOnlySpan<byte> SchemeName => "scheme"u8;
    private static ReadOnlySpan<byte> DomainName => "domain"u8;
    private static ReadOnlySpan<byte> AddressName => "address"u8;
    private static ReadOnlySpan<byte> ChainName => "chain"u8;
    private static ReadOnlySpan<byte> VersionName => "version"u8;
    private static ReadOnlySpan<byte> TokenHashName => "tokenHash"u8;
    private static ReadOnlySpan<byte> CreatedName => "created"u8;
    private static ReadOnlySpan<byte> ExpiresName => "expires"u8;
    private static ReadOnlySpan<byte> PermissionsName => "permissions"u8;
    private static ReadOnlySpan<byte> PermissionName => "name"u8;
    private static ReadOnlySpan<byte> ClientName => "client"u8;
    private static ReadOnlySpan<byte> MethodName => "method"u8;
    private static ReadOnlySpan<byte> ProofHashName => "proofHash"u8;
    private static ReadOnlySpan<byte> ProofSignatureName => "proofSignature"u8;
    private static ReadOnlySpan<byte> ProofVerifiedName => "proofVerified"u8;
    private static ReadOnlySpan<byte> KeyDidName => "keyDid"u8;
    private static ReadOnlySpan<byte> KeyThumbprintName => "jkt"u8;

    /// <summary>The record of <paramref name="session"/>.</summary>
    public static byte[] Write(Web3Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(IdName, session.Id);
            writer.WriteString(SchemeName, session.Scheme);
            writer.WriteString(DomainName, session.Domain);
            writer.WriteString(AddressName, session.Address.ToString());
            writer.WriteNumber(ChainName, session.ChainId);
            writer.WriteNumber(VersionName, session.Version);
            writer.WriteBase64String(TokenHashName, session.TokenHash);
            writer.WriteNumber(CreatedName, session.CreatedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber(ExpiresName, session.ExpiresAt.ToUnixTimeMilliseconds());
            writer.WriteStartArray(PermissionsName);
            foreach (var permission in session.Permissions)
            {
                writer.WriteStartObject();
                writer.WriteString(PermissionName, permission.Name);
                writer.WriteNumber(ExpiresName, permission.ExpiresAt.ToUnixTimeMilliseconds());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (session.ClientHint is not null)
            {
                writer.WriteString(ClientName, session.ClientHint);
            }

            writer.WriteString(MethodName, session.VerificationMethod);
            if (session.SignatureProof is { } proof)
            {
                writer.WriteBase64String(ProofHashName, proof.MessageHash);
                writer.WriteBase64String(ProofSignatureName, proof.Signature);
                writer.WriteNumber(ProofVerifiedName, proof.VerifiedAt.ToUnixTimeMilliseconds());
            }

            if (session.BoundKey is { } key)
            {
                writer.WriteString(KeyDidName, key.DidKey);
                writer.WriteString(KeyThumbprintName, key.Thumbprint);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a record; <see langword="false"/> for anything that is not a whole record of this format (never throws:
    /// a store's bytes are data, and a damaged record must end a session, not fail a request).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Web3Session? session)
    {
        try
        {
            session = Read(utf8);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Utf8JsonReader throws these for malformed JSON and for a value of the wrong type.
            session = null;
        }

        return session is not null;
    }

    private static Web3Session? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null, scheme = null, domain = null, clientHint = null, method = null, keyDid = null, keyThumbprint = null;
        EthereumAddress? address = null;
        byte[]? tokenHash = null, proofHash = null, proofSignature = null;
        long? version = null, createdAt = null, expiresAt = null, proofVerifiedAt = null;
        ulong? chainId = null;
        List<Web3SessionPermission>? permissions = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return null; // never written by Write
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual(IdName)) id = reader.GetString();
            else if (name.SequenceEqual(SchemeName)) scheme = reader.GetString();
            else if (name.SequenceEqual(DomainName)) domain = reader.GetString();
            else if (name.SequenceEqual(AddressName)) address = ReadAddress(ref reader);
            else if (name.SequenceEqual(ChainName)) chainId = reader.GetUInt64();
            else if (name.SequenceEqual(VersionName)) version = reader.GetInt64();
            else if (name.SequenceEqual(TokenHashName)) tokenHash = reader.GetBytesFromBase64();
            else if (name.SequenceEqual(CreatedName)) createdAt = reader.GetInt64();
            else if (name.SequenceEqual(ExpiresName)) expiresAt = reader.GetInt64();
            else if (name.SequenceEqual(PermissionsName)) permissions = ReadPermissions(ref reader);
            else if (name.SequenceEqual(ClientName)) clientHint = reader.GetString();
            // Nearly every session is "eoa": the literal saves a string per request.
            else if (name.SequenceEqual(MethodName)) method = reader.ValueTextEquals("eoa"u8) ? Web3VerificationMethods.Eoa : reader.GetString();
            else if (name.SequenceEqual(ProofHashName)) proofHash = reader.GetBytesFromBase64();
            else if (name.SequenceEqual(ProofSignatureName)) proofSignature = reader.GetBytesFromBase64();
            else if (name.SequenceEqual(ProofVerifiedName)) proofVerifiedAt = reader.GetInt64();
            else if (name.SequenceEqual(KeyDidName)) keyDid = reader.GetString();
            else if (name.SequenceEqual(KeyThumbprintName)) keyThumbprint = reader.GetString();
            else reader.Skip();
        }

        if (id is null || scheme is null || domain is null || address is null || chainId is null || version is null || tokenHash is null ||
            createdAt is null || expiresAt is null || permissions is null || method is null || (keyDid is null) != (keyThumbprint is null))
        {
            return null;
        }

        return new Web3Session
        {
            Id = id,
            Scheme = scheme,
            Domain = domain,
            Address = address.Value,
            ChainId = chainId.Value,
            Version = version.Value,
            TokenHash = tokenHash,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdAt.Value),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.Value),
            Permissions = permissions,
            ClientHint = clientHint,
            VerificationMethod = method,
            SignatureProof = proofHash is not null && proofSignature is not null && proofVerifiedAt is { } verifiedAt
                ? new Web3SignatureProof { MessageHash = proofHash, Signature = proofSignature, VerifiedAt = DateTimeOffset.FromUnixTimeMilliseconds(verifiedAt) }
                : null,
            BoundKey = keyDid is not null && keyThumbprint is not null ? new Web3BoundKey { DidKey = keyDid, Thumbprint = keyThumbprint } : null,
        };
    }

    // [{"name":"profile/read","expires":1700000000000}, ...]
    private static List<Web3SessionPermission>? ReadPermissions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var permissions = new List<Web3SessionPermission>(4);
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? name = null;
            long? expiresAt = null;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals(PermissionName);
                var isExpiry = reader.ValueTextEquals(ExpiresName);
                reader.Read();
                if (isName) name = reader.GetString();
                else if (isExpiry) expiresAt = reader.GetInt64();
                else reader.Skip();
            }

            if (name is null || expiresAt is null)
            {
                return null;
            }

            permissions.Add(new Web3SessionPermission(name, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.Value)));
        }

        return permissions;
    }

    // Write stores the EIP-55 form, so the checksum was right when written; checking it again would cost a Keccak-256
    // per request. Any case of 0x + 40 hex digits is read.
    private static EthereumAddress? ReadAddress(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[2 + (EthereumAddress.Size * 2)];
        Span<byte> bytes = stackalloc byte[EthereumAddress.Size];
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.Length != text.Length ||
            reader.CopyString(text) != text.Length || !text.StartsWith("0x") ||
            Convert.FromHexString(text[2..], bytes, out _, out var written) != OperationStatus.Done || written != bytes.Length)
        {
            return null;
        }

        return new EthereumAddress(bytes);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The session record ends early.");
}
