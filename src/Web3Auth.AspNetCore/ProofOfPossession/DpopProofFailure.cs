namespace Web3Auth.AspNetCore;

/// <summary>A refused DPoP proof: the check that failed and a description safe to show the client.</summary>
internal sealed record DpopProofFailure(DpopProofError Error, string Description)
{
    /// <summary>The RFC 9449 error code: <c>use_dpop_nonce</c> for a missing or stale server nonce, else <c>invalid_dpop_proof</c>.</summary>
    public string Code => Error == DpopProofError.NonceRequired ? Web3ErrorCodes.UseDpopNonce : Web3ErrorCodes.InvalidDpopProof;
}
