namespace Web3Auth.AspNetCore;

/// <summary>
/// How DPoP proofs (RFC 9449) of key-bound sessions are checked. Bound from <c>Authentication:Schemes:{scheme}:Dpop</c>.
/// </summary>
public sealed class Web3DpopOptions
{
    /// <summary>
    /// The JWS algorithms a proof may use: <c>ES256</c> (P-256, what browsers keep non-extractable) and <c>ES256K</c>
    /// (secp256k1, RFC 8812). Default both; only these two are accepted (never <c>none</c> or a MAC). A sign-in asking
    /// to bind a key of another algorithm is refused.
    /// </summary>
    public ISet<string> Algorithms { get; set; } = new HashSet<string>(StringComparer.Ordinal) { "ES256", "ES256K" };

    /// <summary>
    /// How old a proof's <c>iat</c> may be. Default 60 seconds; a proof issued further in the future than
    /// <see cref="Web3SessionKeyOptions.ClockSkew"/> is refused too. Each accepted proof's <c>jti</c> is remembered for
    /// this long plus the clock skew, so the store holds about (requests per second × this) small records.
    /// </summary>
    public TimeSpan ProofLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When set, proofs must carry a server nonce (RFC 9449 §8) issued by this scheme at most this long ago: a request
    /// without one gets 401 <c>use_dpop_nonce</c> with a fresh nonce in the <c>DPoP-Nonce</c> header, and successful
    /// responses carry a new nonce once the one used is past half its life. Nonces are stateless (Data Protection,
    /// shared by every node). <see langword="null"/> (the default) turns server nonces off.
    /// </summary>
    public TimeSpan? NonceLifetime { get; set; }
}
