namespace Web3Auth.AspNetCore;

/// <summary>Why a DPoP proof (RFC 9449 §4.3) was refused: one value per check, each with its own description.</summary>
internal enum DpopProofError
{
    /// <summary>A key-bound session's token came without a <c>DPoP</c> header.</summary>
    Missing,

    /// <summary>More than one <c>DPoP</c> header.</summary>
    Multiple,

    /// <summary>Larger than <see cref="DpopProof.MaxLength"/>; refused before parsing.</summary>
    TooLarge,

    /// <summary>Not a compact JWS of canonical base64url parts holding JSON objects with unique members and claims of the right types.</summary>
    Malformed,

    /// <summary><c>typ</c> is not <c>dpop+jwt</c>.</summary>
    WrongType,

    /// <summary><c>alg</c> is not in <see cref="Web3DpopOptions.Algorithms"/> (never <c>none</c> or a MAC).</summary>
    AlgorithmNotAllowed,

    /// <summary><c>jwk</c> is missing, private, of another type or curve, or not a point of its curve.</summary>
    InvalidKey,

    /// <summary><c>alg</c> does not belong to the key's curve.</summary>
    AlgorithmKeyMismatch,

    /// <summary><c>htm</c> is not the request's method.</summary>
    MethodMismatch,

    /// <summary><c>htu</c> is not the request's URI (without query and fragment, after normalisation).</summary>
    UriMismatch,

    /// <summary><c>iat</c> is later than now plus the clock skew.</summary>
    IssuedInFuture,

    /// <summary><c>iat</c> is older than <see cref="Web3DpopOptions.ProofLifetime"/>.</summary>
    Expired,

    /// <summary><c>ath</c> is not base64url(SHA-256(token)).</summary>
    TokenHashMismatch,

    /// <summary>A server nonce is required and the proof has none, or one this server did not issue recently (<c>use_dpop_nonce</c>).</summary>
    NonceRequired,

    /// <summary>The <c>jwk</c>'s thumbprint is not the session's key.</summary>
    KeyMismatch,

    /// <summary>The signature does not verify with the <c>jwk</c>.</summary>
    InvalidSignature,

    /// <summary>The proof's <c>jti</c> was already used with this key.</summary>
    Replayed,
}
