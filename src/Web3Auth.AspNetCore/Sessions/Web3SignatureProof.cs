namespace Web3Auth.AspNetCore;

/// <summary>
/// What a smart-contract wallet signed to create or renew a session, kept with the session so that the wallet can be
/// asked again whether it still accepts the signature (<see cref="Web3SessionKeyOptions.SmartWalletRevalidationInterval"/>).
/// Only kept for EIP-1271 / EIP-6492 sessions while revalidation is on: an EOA's signature cannot stop being valid.
/// </summary>
public sealed record Web3SignatureProof
{
    /// <summary>The EIP-191 personal-message hash of the signed EIP-4361 text (32 bytes): the hash the wallet is asked about.</summary>
    public required byte[] MessageHash { get; init; }

    /// <summary>The signature as submitted: the EIP-1271 signature bytes, or the whole EIP-6492 wrapper.</summary>
    public required byte[] Signature { get; init; }

    /// <summary>When the signature was verified (the sign-in or the latest renewal).</summary>
    public required DateTimeOffset VerifiedAt { get; init; }
}
