using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>What the signature check concluded.</summary>
internal enum SignatureOutcome
{
    /// <summary>The address signed the message; <see cref="SignatureVerification.Method"/> says how it was shown.</summary>
    Valid,

    /// <summary>Not a signature the address accepts (or not a signature at all): 401 <c>invalid_signature</c>.</summary>
    Invalid,

    /// <summary>
    /// Not an ordinary signature (65 bytes, recoverable) of any account, and no endpoint to ask a contract wallet on the
    /// message's chain: 401 <c>smart_wallet_unverifiable</c>.
    /// </summary>
    Unverifiable,

    /// <summary>The chain's endpoint did not answer: 503 <c>chain_unavailable</c>.</summary>
    ChainUnavailable,
}

/// <summary>
/// The result of <see cref="IWeb3SignatureVerifier"/>: the outcome, how a valid signature was verified (one of
/// <see cref="Web3VerificationMethods"/>), a client-safe description, and the decoded hash and signature a smart-wallet
/// session keeps for revalidation.
/// </summary>
internal sealed record SignatureVerification(SignatureOutcome Outcome, string? Method, string Description, byte[] MessageHash, byte[] Signature)
{
    public bool IsValid => Outcome == SignatureOutcome.Valid;

    public static SignatureVerification Valid(string method, byte[] hash, byte[] signature) =>
        new(SignatureOutcome.Valid, method, "valid", hash, signature);

    public static SignatureVerification Invalid(string description) =>
        new(SignatureOutcome.Invalid, null, description, [], []);

    /// <summary>
    /// An ordinary signature of the message by <paramref name="signer"/>, not by the message's <paramref name="address"/>:
    /// usually the wrong account selected in the wallet, so the description names both. <paramref name="caveat"/> adds
    /// why a smart-contract wallet at the address could not be asked, when that is so.
    /// </summary>
    public static SignatureVerification SignedByAnotherAccount(EthereumAddress signer, EthereumAddress address, string? caveat = null) =>
        Invalid($"The message was signed by {signer}, not by {address}. Select the account {address} in your wallet and sign again."
            + (caveat is null ? "" : " " + caveat));

    public static SignatureVerification Unverifiable(ulong chainId) =>
        new(SignatureOutcome.Unverifiable, null,
            $"The signature is not an EOA signature of the message's address, and this site cannot ask chain {chainId} whether the address is a smart-contract wallet that accepts it.",
            [], []);

    public static SignatureVerification ChainUnavailable(ulong chainId) =>
        new(SignatureOutcome.ChainUnavailable, null,
            $"Chain {chainId} could not be reached to check the smart-contract wallet signature. Retry later.", [], []);
}
