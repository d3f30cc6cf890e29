using System.Security.Cryptography;
using NBitcoin.Secp256k1;
using Web3Auth.Siwe;

namespace Web3Auth.Client;

/// <summary>
/// A root signer over a secp256k1 private key held in memory, for services, scripts and tests. Signing is
/// NBitcoin.Secp256k1's (the managed port of libsecp256k1: constant-time, RFC 6979 nonces, low s); the personal-message
/// hash is <see cref="PersonalMessage.Hash(string)"/>. Thread-safe; <see cref="Dispose"/> clears the key.
/// </summary>
public sealed class Web3PrivateKeySigner : IWeb3RootSigner, IDisposable
{
    private readonly Lock _lock = new();
    private readonly ECPrivKey _key;
    private bool _disposed;

    /// <summary>Creates the signer from a 32-byte big-endian private key (a scalar in [1, n − 1]).</summary>
    /// <param name="privateKey">The private key; copied, so the caller may clear its buffer.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes or not a valid secp256k1 scalar.</exception>
    public Web3PrivateKeySigner(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !ECPrivKey.TryCreate(privateKey, out var key))
        {
            throw new ArgumentException("A secp256k1 private key is 32 bytes, a number from 1 to n − 1.", nameof(privateKey));
        }

        _key = key;
        Span<byte> publicKey = stackalloc byte[65];
        key.CreatePubKey().WriteToSpan(compressed: false, publicKey, out _);
        Address = EthereumAddress.FromPublicKey(publicKey[1..]);
    }

    /// <summary>Creates the signer from a private key written as 64 hex digits, with or without <c>0x</c>.</summary>
    /// <exception cref="ArgumentException">The text is not 64 hex digits or not a valid secp256k1 private key.</exception>
    public static Web3PrivateKeySigner FromHex(string privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var digits = privateKey.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? privateKey.AsSpan(2) : privateKey.AsSpan();
        Span<byte> bytes = stackalloc byte[32];
        try
        {
            if (digits.Length != 64 || Convert.FromHexString(digits, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            {
                throw new ArgumentException("A private key is 64 hex digits, optionally after 0x.", nameof(privateKey));
            }

            return new Web3PrivateKeySigner(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Creates a signer for a new random account.</summary>
    public static Web3PrivateKeySigner Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(bytes);
                if (ECPrivKey.TryCreate(bytes, out var key))
                {
                    key.Dispose();
                    return new Web3PrivateKeySigner(bytes);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <inheritdoc />
    public EthereumAddress Address { get; }

    /// <summary>
    /// Signs <paramref name="message"/> as an EIP-191 personal message: 65 bytes <c>r‖s‖v</c> with low s and
    /// v = 27 or 28, as <c>0x</c>-prefixed lowercase hex.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The signer was disposed.</exception>
    public ValueTask<string> SignPersonalMessageAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var hash = PersonalMessage.Hash(message);
        Span<byte> signature = stackalloc byte[65];
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_key.TrySignRecoverable(hash, out var recoverable) || recoverable is null)
            {
                throw new CryptographicException("The signature could not be made.");
            }

            recoverable.WriteToSpanCompact(signature[..64], out var recoveryId);
            signature[64] = (byte)(27 + recoveryId);
        }

        return ValueTask.FromResult("0x" + Convert.ToHexStringLower(signature));
    }

    /// <summary>Clears the private key; the signer cannot sign afterwards.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _key.Dispose();
            }
        }
    }
}
