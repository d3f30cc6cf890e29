namespace Web3Auth.Siwe.Crypto;

/// <summary>Why a 65-byte <c>r‖s‖v</c> signature yields no signer.</summary>
public enum SignatureError
{
    /// <summary>The signature is valid and a public key was recovered.</summary>
    None = 0,

    /// <summary>The signature is not exactly 65 bytes (or the hash not exactly 32).</summary>
    InvalidLength,

    /// <summary><c>v</c> is not one of 0, 1, 27 or 28.</summary>
    InvalidRecoveryId,

    /// <summary><c>r</c> is zero or not below the group order <c>n</c>.</summary>
    InvalidR,

    /// <summary><c>s</c> is zero or not below the group order <c>n</c>.</summary>
    InvalidS,

    /// <summary><c>s</c> is above <c>n/2</c>: a malleated signature that no wallet produces (EIP-2).</summary>
    HighS,

    /// <summary>No curve point has x-coordinate <c>r</c>.</summary>
    RNotOnCurve,

    /// <summary>The recovered point is the point at infinity.</summary>
    PointAtInfinity,

    /// <summary>The recovered key maps to the all-zero address.</summary>
    ZeroAddress,
}
