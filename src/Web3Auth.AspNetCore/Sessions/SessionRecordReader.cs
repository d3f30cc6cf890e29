using System.Text.Json;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Reads the session record that <see cref="SessionRecordSerializer"/> writes straight into a <see cref="Web3Session"/>.
/// The store reads one on every authenticated request. The generated deserializer would build the positional
/// <see cref="SessionRecord"/> through its constructor (boxing the numbers), then intermediate permission records,
/// then the session; this reader goes from the bytes to the session in one pass. The format is unchanged: the
/// generated serializer still writes it, and the round-trip tests hold the two together.
/// </summary>
internal static class SessionRecordReader
{
    /// <summary>The session, <see langword="null"/> for a record that lacks one of its parts.</summary>
    /// <exception cref="JsonException">The bytes are not JSON, or a value has the wrong type (as the generated reader).</exception>
    public static Web3Session? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadSession(utf8);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            // Utf8JsonReader's typed getters throw these for a value of the wrong type.
            throw new JsonException("A session record has a value of the wrong type.", ex);
        }
    }

    private static Web3Session? ReadSession(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        string? id = null, clientHint = null, verificationMethod = null;
        EthereumAddress? address = null;
        byte[]? tokenHash = null, proofHash = null, proofSignature = null;
        long? proofVerifiedAt = null;
        ulong chainId = 0;
        long createdAt = 0, expiresAt = 0;
        List<Web3SessionPermission>? permissions = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var escaped = reader.ValueIsEscaped;
            reader.Read();
            if (escaped || name.Length != 1)
            {
                reader.Skip(); // not a name we write
                continue;
            }

            switch (name[0])
            {
                case (byte)'I': id = reader.GetString(); break;
                case (byte)'A': address = ReadAddress(ref reader); break;
                case (byte)'C': chainId = reader.GetUInt64(); break;
                case (byte)'H': tokenHash = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64(); break;
                case (byte)'T': createdAt = reader.GetInt64(); break;
                case (byte)'E': expiresAt = reader.GetInt64(); break;
                case (byte)'P': permissions = ReadPermissions(ref reader); break;
                case (byte)'U': clientHint = reader.GetString(); break;
                // Every session so far is "eoa": the literal saves a string per request.
                case (byte)'V': verificationMethod = reader.ValueTextEquals("eoa"u8) ? "eoa" : reader.GetString(); break;
                // The signature proof of a smart-contract wallet session (kept only when revalidation is on).
                case (byte)'D': proofHash = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64(); break;
                case (byte)'G': proofSignature = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64(); break;
                case (byte)'L': proofVerifiedAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }

        if (id is null || address is null || tokenHash is null)
        {
            return null;
        }

        return new Web3Session
        {
            Id = id,
            Address = address.Value,
            ChainId = chainId,
            TokenHash = tokenHash,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdAt),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt),
            Permissions = (IReadOnlyList<Web3SessionPermission>?)permissions ?? [],
            ClientHint = clientHint,
            VerificationMethod = verificationMethod ?? Web3VerificationMethods.Eoa,
            SignatureProof = proofHash is not null && proofSignature is not null && proofVerifiedAt is { } verifiedAt
                ? new Web3SignatureProof { MessageHash = proofHash, Signature = proofSignature, VerifiedAt = DateTimeOffset.FromUnixTimeMilliseconds(verifiedAt) }
                : null,
        };
    }

    // [{"N":"profile/read","E":1700000000000}, ...]
    private static List<Web3SessionPermission>? ReadPermissions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        var permissions = new List<Web3SessionPermission>(4);
        while (Next(ref reader) == JsonTokenType.StartObject)
        {
            string? name = null;
            long expiresAt = 0;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("N"u8);
                var isExpiry = reader.ValueTextEquals("E"u8);
                reader.Read();
                if (isName)
                {
                    name = reader.GetString();
                }
                else if (isExpiry)
                {
                    expiresAt = reader.GetInt64();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (name is null)
            {
                throw new JsonException("A permission of a session record has no name.");
            }

            permissions.Add(new Web3SessionPermission(name, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt)));
        }

        return permissions;
    }

    // The serializer writes the EIP-55 form of an EthereumAddress, so its checksum was right when written; checking
    // it again would cost a Keccak-256 per request. Any case of 0x + 40 hex digits is read.
    private static EthereumAddress? ReadAddress(ref Utf8JsonReader reader)
    {
        Span<char> text = stackalloc char[2 + (EthereumAddress.Size * 2)];
        Span<byte> bytes = stackalloc byte[EthereumAddress.Size];
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length != text.Length || reader.CopyString(text) != text.Length ||
            !text.StartsWith("0x") || Convert.FromHexString(text[2..], bytes, out _, out var written) != System.Buffers.OperationStatus.Done ||
            written != bytes.Length)
        {
            return null;
        }

        return new EthereumAddress(bytes);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The session record ends early.");
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in a session record, found {reader.TokenType}.");
        }
    }
}
