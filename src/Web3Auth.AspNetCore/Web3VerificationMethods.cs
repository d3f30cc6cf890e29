namespace Web3Auth.AspNetCore;

/// <summary>
/// How a session's sign-in signature was verified: the values of <see cref="Web3Session.VerificationMethod"/> and of
/// the <see cref="Web3ClaimTypes.VerificationMethod"/> claim. Stable; applications may switch on them (for example to
/// ask more of smart-contract wallets).
/// </summary>
public static class Web3VerificationMethods
{
    /// <summary><c>eoa</c>: an externally owned account; the signature recovered (ecrecover) to the message's address.</summary>
    public const string Eoa = "eoa";

    /// <summary><c>eip1271</c>: a deployed smart-contract wallet accepted the signature through <c>isValidSignature</c>.</summary>
    public const string Eip1271 = "eip1271";

    /// <summary>
    /// <c>eip6492</c>: an EIP-6492 wrapped signature, accepted by the wallet after the wrapper's factory call (the wallet
    /// was typically not deployed yet).
    /// </summary>
    public const string Eip6492 = "eip6492";
}
