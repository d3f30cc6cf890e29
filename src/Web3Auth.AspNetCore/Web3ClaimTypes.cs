namespace Web3Auth.AspNetCore;

/// <summary>Claim types of a principal authenticated with a wallet session key.</summary>
public static class Web3ClaimTypes
{
    /// <summary>The subject: the CAIP-10 account id <c>eip155:{chainId}:{address}</c>.</summary>
    public const string Subject = "sub";

    /// <summary>The EIP-55 checksum address of the wallet; also the identity's name.</summary>
    public const string Address = "web3_address";

    /// <summary>The EIP-155 chain id the wallet signed in on.</summary>
    public const string ChainId = "web3_chain_id";

    /// <summary>The session id (public; not the secret token).</summary>
    public const string SessionId = "sid";

    /// <summary>One claim per permission (ReCap ability <c>namespace/action</c>) that is still live.</summary>
    public const string Permission = "web3_permission";

    /// <summary>How the signature was verified: <c>eoa</c>, <c>eip1271</c> or <c>eip6492</c> (<see cref="Web3VerificationMethods"/>).</summary>
    public const string VerificationMethod = "web3_verification";
}
