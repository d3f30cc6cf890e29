namespace Web3Auth.AspNetCore;

/// <summary>
/// The client key a key-bound session is delegated to (the EIP-4361 message's URI): every request with the session's
/// token must carry a DPoP proof (RFC 9449) signed by this key.
/// </summary>
public sealed record Web3BoundKey
{
    /// <summary>The key as the wallet saw it: its W3C <c>did:key</c> (P-256 <c>did:key:zDn…</c>, secp256k1 <c>did:key:zQ3s…</c>).</summary>
    public required string DidKey { get; init; }

    /// <summary>The key's RFC 7638 JWK SHA-256 thumbprint, base64url: what each proof's <c>jwk</c> must hash to.</summary>
    public required string Thumbprint { get; init; }
}
