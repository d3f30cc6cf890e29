namespace Web3Auth.AspNetCore;

/// <summary>A chain's JSON-RPC endpoint with the call policy from the options.</summary>
/// <param name="ChainId">The EIP-155 chain id the endpoint must answer for.</param>
/// <param name="Url">The endpoint; never logged (it often carries an API key).</param>
/// <param name="Timeout">How long one request may take.</param>
/// <param name="Retries">How many times a request that failed in transit is tried again.</param>
/// <param name="FailFastFor">After a failure, how long calls fail at once without reaching the endpoint.</param>
internal sealed record ChainRpcEndpoint(ulong ChainId, Uri Url, TimeSpan Timeout, int Retries, TimeSpan FailFastFor)
{
    /// <summary>The endpoint configured for <paramref name="chainId"/>, or <see langword="null"/> when there is none.</summary>
    public static ChainRpcEndpoint? For(Web3SessionKeyOptions options, ulong chainId) =>
        options.ChainRpcUrls.TryGetValue(chainId, out var url)
            ? new ChainRpcEndpoint(chainId, url, options.ChainRpcTimeout, options.ChainRpcRetries, options.StoreRetryAfter)
            : null;
}
