namespace Web3Auth.Siwe.Keys;

/// <summary>The curve of the client key pair a session is bound to (DPoP, RFC 9449).</summary>
public enum SessionKeyCurve
{
    /// <summary>NIST P-256 (secp256r1), JWS <c>ES256</c>.</summary>
    P256,

    /// <summary>secp256k1, JWS <c>ES256K</c> (RFC 8812).</summary>
    Secp256k1,
}
