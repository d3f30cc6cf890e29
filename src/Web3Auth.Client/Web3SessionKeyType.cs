namespace Web3Auth.Client;

/// <summary>The kind of key pair a client makes for each session it signs in.</summary>
public enum Web3SessionKeyType
{
    /// <summary>NIST P-256 through .NET's <see cref="System.Security.Cryptography.ECDsa"/>; proofs are <c>ES256</c>.</summary>
    P256 = 0,

    /// <summary>secp256k1 through NBitcoin.Secp256k1 (RFC 6979 nonces); proofs are <c>ES256K</c> (RFC 8812).</summary>
    Secp256k1 = 1,
}
