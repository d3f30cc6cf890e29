namespace Web3Auth.AspNetCore;

/// <summary>
/// A chain's JSON-RPC endpoint could not give an answer (down, slow, an error other than a revert, a malformed
/// response, or another chain). Callers answer 503 <c>chain_unavailable</c>: never a pass, never a 500.
/// </summary>
internal sealed class Web3ChainUnavailableException : Exception
{
    public Web3ChainUnavailableException()
    {
    }

    public Web3ChainUnavailableException(string message)
        : base(message)
    {
    }

    public Web3ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
