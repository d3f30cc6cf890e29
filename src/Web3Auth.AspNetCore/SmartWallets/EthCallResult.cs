namespace Web3Auth.AspNetCore;

/// <summary>The answer of an <c>eth_call</c>: the return data, or a revert (the called code refused).</summary>
internal readonly record struct EthCallResult(bool Reverted, byte[] ReturnData)
{
    public static EthCallResult Returned(byte[] data) => new(false, data);

    public static readonly EthCallResult Revert = new(true, []);
}
