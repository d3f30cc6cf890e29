using StackExchange.Redis;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Where everything lives in Redis, all under one prefix:
/// <list type="bullet">
/// <item><c>{prefix}challenge:{nonce}</c> — string, the pending challenge, expires with it;</item>
/// <item><c>{prefix}session:{id}</c> — string, the session record, expires with the session;</item>
/// <item><c>{prefix}address:{0x…}</c> — sorted set of the address's session ids scored by expiry (Unix ms),
/// expires with its longest-lived session;</item>
/// <item><c>{prefix}invalidations</c> — the pub/sub channel that tells every node what to drop from its cache.</item>
/// </list>
/// </summary>
internal sealed class RedisKeyLayout(string prefix)
{
    public string InvalidationChannelName { get; } = prefix + "invalidations";

    public RedisChannel InvalidationChannel => new(InvalidationChannelName, RedisChannel.PatternMode.Literal);

    public RedisKey Challenge(string nonce) => prefix + "challenge:" + nonce;

    public RedisKey Session(string sessionId) => prefix + "session:" + sessionId;

    public RedisKey AddressIndex(EthereumAddress address) => prefix + "address:" + address.ToLowercaseString();
}
