using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Web3Auth.Testing;

/// <summary>
/// A minimal binding to Debian's <c>libsecp256k1-1</c> (the reference implementation Bitcoin Core uses), loaded by its
/// exact soname so the tests never pick up some other build by accident. Used as the oracle for differential tests.
/// </summary>
/// <remarks>
/// Function pointers from <see cref="NativeLibrary.GetExport"/> rather than [DllImport]: the library is optional at
/// build time, and a missing library surfaces as one clear failure message from <see cref="Instance"/>.
/// </remarks>
public sealed unsafe class Libsecp256k1
{
    /// <summary>The soname shipped by the Debian package <c>libsecp256k1-1</c>.</summary>
    public const string SoName = "libsecp256k1.so.1";

    public const string NotInstalledMessage = "libsecp256k1-1 is not installed: apt-get install libsecp256k1-1";

    private const uint ContextNone = 1;        // SECP256K1_CONTEXT_NONE
    private const uint EcUncompressed = 2;     // SECP256K1_EC_UNCOMPRESSED
    private const int PubkeyStructSize = 64;   // secp256k1_pubkey is opaque, 64 bytes
    private const int RecoverableSignatureStructSize = 65; // secp256k1_ecdsa_recoverable_signature, 65 bytes
    private const int SignatureStructSize = 64;            // secp256k1_ecdsa_signature, 64 bytes

    private static readonly Lazy<Libsecp256k1?> Loaded = new(Load);
    private static int s_illegalArgumentCount;

    private readonly IntPtr _context;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _pubkeyCreate;
    private readonly delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int> _pubkeySerialize;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int> _signRecoverable;
    private readonly delegate* unmanaged<IntPtr, byte*, int*, byte*, int> _serializeCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int, int> _parseCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _recover;
    private readonly delegate* unmanaged<IntPtr, byte*, int> _seckeyVerify;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> _pubkeyParse;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int> _sign;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureSerializeCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureParseCompact;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureNormalize;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _verify;

    private Libsecp256k1(IntPtr library)
    {
        var create = (delegate* unmanaged<uint, IntPtr>)NativeLibrary.GetExport(library, "secp256k1_context_create");
        var setIllegal = (delegate* unmanaged<IntPtr, delegate* unmanaged<byte*, void*, void>, void*, void>)
            NativeLibrary.GetExport(library, "secp256k1_context_set_illegal_callback");
        _pubkeyCreate = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_create");
        _pubkeySerialize = (delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_serialize");
        _signRecoverable = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign_recoverable");
        _serializeCompact = (delegate* unmanaged<IntPtr, byte*, int*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_serialize_compact");
        _parseCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recoverable_signature_parse_compact");
        _recover = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_recover");
        _seckeyVerify = (delegate* unmanaged<IntPtr, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_seckey_verify");
        _pubkeyParse = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_parse");
        _sign = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign");
        _signatureSerializeCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_serialize_compact");
        _signatureParseCompact = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_parse_compact");
        _signatureNormalize = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_normalize");
        _verify = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_verify");

        // One context for the process (read-only after creation, so safe to share across parallel tests). The
        // default illegal-argument callback aborts the process; ours only counts, and every call checks the count.
        _context = create(ContextNone);
        setIllegal(_context, &OnIllegalArgument, null);
    }

    /// <summary>The loaded library; fails the calling test with install instructions when it is missing.</summary>
    public static Libsecp256k1 Instance =>
        Loaded.Value ?? throw new InvalidOperationException(NotInstalledMessage);

    /// <summary>Whether <paramref name="secretKey"/> is a valid private key (non-zero, below n).</summary>
    public bool IsValidSecretKey(ReadOnlySpan<byte> secretKey)
    {
        fixed (byte* key = secretKey)
        {
            return Checked(_seckeyVerify(_context, key)) == 1;
        }
    }

    /// <summary>The 64-byte <c>X‖Y</c> public key of a valid <paramref name="secretKey"/>.</summary>
    public byte[] CreatePublicKey(ReadOnlySpan<byte> secretKey)
    {
        var pubkey = stackalloc byte[PubkeyStructSize];
        fixed (byte* key = secretKey)
        {
            if (Checked(_pubkeyCreate(_context, pubkey, key)) != 1)
            {
                throw new ArgumentException("Invalid secret key.", nameof(secretKey));
            }
        }

        return Serialize(pubkey);
    }

    /// <summary>Signs <paramref name="hash"/> (RFC 6979 nonce, low s) and returns Ethereum's 65-byte <c>r‖s‖v</c>, v ∈ {0, 1}.</summary>
    public byte[] SignRecoverable(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> secretKey)
    {
        var signature = stackalloc byte[RecoverableSignatureStructSize];
        var result = new byte[65];
        int recoveryId;
        fixed (byte* message = hash)
        fixed (byte* key = secretKey)
        fixed (byte* output = result)
        {
            if (Checked(_signRecoverable(_context, signature, message, key, IntPtr.Zero, IntPtr.Zero)) != 1)
            {
                throw new ArgumentException("Signing failed.", nameof(secretKey));
            }

            Checked(_serializeCompact(_context, output, &recoveryId, signature));
        }

        result[64] = (byte)recoveryId;
        return result;
    }

    /// <summary>
    /// libsecp256k1's own recovery from a 64-byte compact <c>r‖s</c> and recovery id 0..3. Returns null where it
    /// rejects the input (r or s zero or not below n, no curve point, result at infinity). It accepts high s.
    /// </summary>
    public byte[]? Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> compact, int recoveryId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recoveryId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recoveryId, 3);
        var signature = stackalloc byte[RecoverableSignatureStructSize];
        var pubkey = stackalloc byte[PubkeyStructSize];
        fixed (byte* input = compact)
        fixed (byte* message = hash)
        {
            if (Checked(_parseCompact(_context, signature, input, recoveryId)) != 1)
            {
                return null;
            }

            if (Checked(_recover(_context, pubkey, signature, message)) != 1)
            {
                return null;
            }
        }

        return Serialize(pubkey);
    }

    /// <summary>Signs <paramref name="hash"/> (RFC 6979 nonce, low s) and returns the 64-byte compact <c>r‖s</c> (JWS ES256K form).</summary>
    public byte[] Sign(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> secretKey)
    {
        RequireLength(hash, 32, nameof(hash));
        var signature = stackalloc byte[SignatureStructSize];
        var result = new byte[64];
        fixed (byte* message = hash)
        fixed (byte* key = secretKey)
        fixed (byte* output = result)
        {
            if (Checked(_sign(_context, signature, message, key, IntPtr.Zero, IntPtr.Zero)) != 1)
            {
                throw new ArgumentException("Signing failed.", nameof(secretKey));
            }

            Checked(_signatureSerializeCompact(_context, output, signature));
        }

        return result;
    }

    /// <summary>
    /// Whether libsecp256k1 accepts the 64-byte <c>X‖Y</c> key (<c>secp256k1_ec_pubkey_parse</c> of <c>0x04‖X‖Y</c>:
    /// both coordinates below p and the point on the curve).
    /// </summary>
    public bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        RequireLength(publicKey, 64, nameof(publicKey));
        var pubkey = stackalloc byte[PubkeyStructSize];
        return ParsePublicKey(publicKey, pubkey);
    }

    /// <summary>
    /// libsecp256k1's verdict on a 64-byte compact <c>r‖s</c> over the 32-byte <paramref name="hash"/> by the 64-byte
    /// <c>X‖Y</c> key: false where it rejects the key, where <c>parse_compact</c> rejects r or s (not below n), and
    /// where <c>secp256k1_ecdsa_verify</c> rejects the signature — which includes every high s unless
    /// <paramref name="normalizeS"/> first replaces s by n − s (<c>secp256k1_ecdsa_signature_normalize</c>).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> compact, ReadOnlySpan<byte> publicKey, bool normalizeS = false)
    {
        RequireLength(hash, 32, nameof(hash));
        RequireLength(compact, 64, nameof(compact));
        RequireLength(publicKey, 64, nameof(publicKey));
        var pubkey = stackalloc byte[PubkeyStructSize];
        var signature = stackalloc byte[SignatureStructSize];
        if (!ParsePublicKey(publicKey, pubkey))
        {
            return false;
        }

        fixed (byte* input = compact)
        fixed (byte* message = hash)
        {
            if (Checked(_signatureParseCompact(_context, signature, input)) != 1)
            {
                return false;
            }

            if (normalizeS)
            {
                Checked(_signatureNormalize(_context, signature, signature));
            }

            return Checked(_verify(_context, signature, message, pubkey)) == 1;
        }
    }

    private static Libsecp256k1? Load() =>
        NativeLibrary.TryLoad(SoName, out var library) ? new Libsecp256k1(library) : null;

    [UnmanagedCallersOnly]
    private static void OnIllegalArgument(byte* message, void* data) => Interlocked.Increment(ref s_illegalArgumentCount);

    private static int Checked(int result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (Volatile.Read(ref s_illegalArgumentCount) != 0)
        {
            throw new InvalidOperationException($"libsecp256k1 reported an illegal argument in {call}.");
        }

        return result;
    }

    // The C functions read fixed-size buffers; a shorter span would be read past its end.
    private static void RequireLength(ReadOnlySpan<byte> bytes, int length, string name)
    {
        if (bytes.Length != length)
        {
            throw new ArgumentException($"libsecp256k1 takes exactly {length} bytes here.", name);
        }
    }

    private bool ParsePublicKey(ReadOnlySpan<byte> publicKey, byte* pubkey)
    {
        var uncompressed = stackalloc byte[65];
        uncompressed[0] = 0x04;
        publicKey.CopyTo(new Span<byte>(uncompressed + 1, 64));
        return Checked(_pubkeyParse(_context, pubkey, uncompressed, 65)) == 1;
    }

    private byte[] Serialize(byte* pubkey)
    {
        var uncompressed = stackalloc byte[65];
        nuint length = 65;
        Checked(_pubkeySerialize(_context, uncompressed, &length, pubkey, EcUncompressed));
        return new ReadOnlySpan<byte>(uncompressed + 1, 64).ToArray(); // drop the 0x04 prefix
    }
}
