using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The verification order of EIP-6492, with shortcuts for ordinary (65-byte, recoverable) signatures:
/// <list type="number">
/// <item>a signature ending in the EIP-6492 magic suffix is checked by the deployless universal validator in one
/// <c>eth_call</c> (which deploys the counterfactual wallet in the call and asks it);</item>
/// <item>a 65-byte signature that recovers (ecrecover) to the message's address is an EOA signature — accepted without a
/// chain call, so EOAs sign in with no endpoint configured and while the endpoint is down;</item>
/// <item>a 65-byte signature that recovers to another address is that address's signature: refused, naming the signer,
/// unless the chain says the message's address has code — then it is asked through EIP-1271 (a wallet owner's
/// signature). No endpoint, or an endpoint that does not answer (to either call), refuses it too: fail closed, never
/// a 503;</item>
/// <item>any other signature, with an endpoint for the message's chain: an address with code is asked through EIP-1271
/// <c>isValidSignature(hash, signature)</c>, which must return <c>0x1626ba7e</c>; an address without code did not sign;</item>
/// <item>without an endpoint the wallet cannot be asked: <c>smart_wallet_unverifiable</c>.</item>
/// </list>
/// The hash is the EIP-191 personal-message hash of the EIP-4361 text, the hash the wallet signed.
/// </summary>
/// <remarks>
/// EIP-6492 puts the code check before ecrecover because a contract may accept a signature that also happens to
/// recover to some <em>other</em> address; step 2 only accepts recovery to the message's own address, which only the
/// holder of that address's key can produce, so it cannot accept what the order protects against. Step 3 still asks
/// the contract when there is one, so it only changes what an address without code (or an unreachable chain) answers.
/// </remarks>
internal sealed class Web3SignatureVerifier(EthereumRpcClient rpc, ILogger<Web3SignatureVerifier> logger) : IWeb3SignatureVerifier
{
    public async Task<SignatureVerification> VerifyAsync(SiweMessage message, string signature, Web3SessionKeyOptions options, CancellationToken cancellationToken)
    {
        if (!Hex.TryDecode(signature, out var bytes) || bytes.Length == 0)
        {
            return SignatureVerification.Invalid("The signature is not hexadecimal bytes.");
        }

        var hash = PersonalMessage.Hash(message.ToString());
        var endpoint = ChainRpcEndpoint.For(options, message.ChainId);
        if (Erc6492.HasMagicSuffix(bytes))
        {
            if (!Erc6492.TryUnwrap(bytes, out _))
            {
                return SignatureVerification.Invalid("The EIP-6492 signature is not abi.encode(address, bytes, bytes) followed by the magic suffix.");
            }

            if (endpoint is null)
            {
                return SignatureVerification.Unverifiable(message.ChainId);
            }

            using var universal = StartCheck(endpoint);
            return Checked(universal, await AskUniversalValidatorAsync(endpoint, message.Address, hash, bytes, cancellationToken).ConfigureAwait(false));
        }

        if (bytes.Length == 65 && PersonalMessage.TryRecoverSigner(message.ToString(), bytes, out var signer, out _))
        {
            if (signer == message.Address)
            {
                return SignatureVerification.Valid(Web3VerificationMethods.Eoa, hash, bytes);
            }

            // The chain is asked only when there is an endpoint, and only then is it a smart-wallet check.
            using var another = endpoint is null ? null : StartCheck(endpoint);
            return Checked(another, await SignedByAnotherAccountAsync(message, signer, endpoint, hash, bytes, cancellationToken).ConfigureAwait(false));
        }

        if (endpoint is null)
        {
            return SignatureVerification.Unverifiable(message.ChainId);
        }

        using var contract = StartCheck(endpoint);
        return Checked(contract, await AskContractAsync(endpoint, message.Address, hash, bytes, cancellationToken).ConfigureAwait(false));
    }

    public async Task<SignatureVerification> VerifyContractAsync(ulong chainId, EthereumAddress address, byte[] messageHash, byte[] signature, Web3SessionKeyOptions options, CancellationToken cancellationToken)
    {
        var endpoint = ChainRpcEndpoint.For(options, chainId);
        if (endpoint is null)
        {
            return SignatureVerification.Unverifiable(chainId);
        }

        using var activity = StartCheck(endpoint);
        return Checked(activity, Erc6492.HasMagicSuffix(signature)
            ? await AskUniversalValidatorAsync(endpoint, address, messageHash, signature, cancellationToken).ConfigureAwait(false)
            : await AskContractAsync(endpoint, address, messageHash, signature, cancellationToken).ConfigureAwait(false));
    }

    // Web3Auth.SmartWalletCheck: one per time the chain is asked about a signature, at sign-in or at revalidation (the
    // parent span says which). The scheme is the parent's; the chain id and, when accepted, the method are tagged.
    private static Activity? StartCheck(ChainRpcEndpoint endpoint)
    {
        var activity = Web3AuthTracing.Source.StartActivity(Web3AuthTracing.SmartWalletCheck);
        activity?.SetTag(Web3AuthTracing.ChainIdTag, (long)endpoint.ChainId);
        return activity;
    }

    private static SignatureVerification Checked(Activity? activity, SignatureVerification verification)
    {
        if (activity is not null)
        {
            activity.SetTag(Web3AuthTracing.VerificationMethodTag, verification.Method);
            activity.SetOutcome(verification.Outcome switch
            {
                SignatureOutcome.Valid => Web3AuthMetrics.Success,
                SignatureOutcome.Invalid => Web3ErrorCodes.InvalidSignature,
                SignatureOutcome.Unverifiable => Web3ErrorCodes.SmartWalletUnverifiable,
                _ => Web3ErrorCodes.ChainUnavailable,
            });
        }

        return verification;
    }

    private async Task<SignatureVerification> AskUniversalValidatorAsync(ChainRpcEndpoint endpoint, EthereumAddress address, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        EthCallResult result;
        try
        {
            result = await rpc.CallAsync(endpoint, to: null, UniversalSignatureValidator.EncodeCall(address, hash, signature), cancellationToken).ConfigureAwait(false);
        }
        catch (Web3ChainUnavailableException)
        {
            return SignatureVerification.ChainUnavailable(endpoint.ChainId);
        }

        // The validator answers 0x00 for everything a wallet or factory can do; a revert or any other answer means the
        // node did not run it as written (Erc6492.TryUnwrap already refused the one input that reverts).
        if (result.Reverted || !UniversalSignatureValidator.TryDecodeResult(result.ReturnData, out var valid))
        {
            Log.ChainRpcFailed(logger, endpoint.ChainId, "eth_call", "the universal signature validator gave no one-byte answer");
            return SignatureVerification.ChainUnavailable(endpoint.ChainId);
        }

        return valid
            ? Accepted(Web3VerificationMethods.Eip6492, endpoint.ChainId, address, hash, signature)
            : SignatureVerification.Invalid("The smart-contract wallet does not accept this EIP-6492 signature (or its factory call failed to deploy it).");
    }

    // The usual cause is the wrong account selected in the wallet, so the answer names the account that signed. Only a
    // contract at the address can still accept it (a wallet owner's signature), and only the chain can say there is one.
    private async Task<SignatureVerification> SignedByAnotherAccountAsync(SiweMessage message, EthereumAddress signer, ChainRpcEndpoint? endpoint, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        var address = message.Address;
        if (endpoint is null)
        {
            return SignatureVerification.SignedByAnotherAccount(signer, address,
                $"(If {address} is a smart-contract wallet: this site cannot ask chain {message.ChainId} about it.)");
        }

        // Fail closed, not a 503, whichever call fails (the code check, or the EIP-1271 call after a remembered "has
        // code"): nearly always the wrong account was selected, which "retry later" would hide. A smart-contract wallet
        // that signs with 65 bytes is refused until the chain answers again.
        var unreachable = SignatureVerification.SignedByAnotherAccount(signer, address,
            $"(If {address} is a smart-contract wallet: chain {endpoint.ChainId} could not be reached to ask it. Retry later.)");
        bool hasCode;
        try
        {
            hasCode = await rpc.HasCodeAsync(endpoint, address, cancellationToken).ConfigureAwait(false);
        }
        catch (Web3ChainUnavailableException)
        {
            return unreachable;
        }

        if (!hasCode)
        {
            return SignatureVerification.SignedByAnotherAccount(signer, address);
        }

        var asked = await AskWalletAsync(endpoint, address, hash, signature, cancellationToken).ConfigureAwait(false);
        return asked.Outcome == SignatureOutcome.ChainUnavailable ? unreachable : asked;
    }

    private async Task<SignatureVerification> AskContractAsync(ChainRpcEndpoint endpoint, EthereumAddress address, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        bool hasCode;
        try
        {
            hasCode = await rpc.HasCodeAsync(endpoint, address, cancellationToken).ConfigureAwait(false);
        }
        catch (Web3ChainUnavailableException)
        {
            return SignatureVerification.ChainUnavailable(endpoint.ChainId);
        }

        return hasCode
            ? await AskWalletAsync(endpoint, address, hash, signature, cancellationToken).ConfigureAwait(false)
            : SignatureVerification.Invalid("The signature was not made by the message's address, which has no contract code either.");
    }

    private async Task<SignatureVerification> AskWalletAsync(ChainRpcEndpoint endpoint, EthereumAddress address, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        EthCallResult result;
        try
        {
            result = await rpc.CallAsync(endpoint, address, Erc1271.EncodeIsValidSignatureCall(hash, signature), cancellationToken).ConfigureAwait(false);
        }
        catch (Web3ChainUnavailableException)
        {
            return SignatureVerification.ChainUnavailable(endpoint.ChainId);
        }

        return !result.Reverted && Erc1271.IsValidSignatureResult(result.ReturnData)
            ? Accepted(Web3VerificationMethods.Eip1271, endpoint.ChainId, address, hash, signature)
            : SignatureVerification.Invalid("The smart-contract wallet does not accept this signature (EIP-1271).");
    }

    private SignatureVerification Accepted(string method, ulong chainId, EthereumAddress address, byte[] hash, byte[] signature)
    {
        Log.SmartWalletVerified(logger, address.ToString(), chainId, method);
        return SignatureVerification.Valid(method, hash, signature);
    }
}
