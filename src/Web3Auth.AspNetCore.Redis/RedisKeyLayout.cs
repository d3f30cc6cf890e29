using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>
/// Where everything lives in Redis, all under one prefix. An owner's keys share one hash tag, so they sit in one
/// Redis Cluster slot and every script that touches them runs on one node:
/// <list type="bullet">
/// <item><c>{prefix}{scheme|0x…}:sessions</c> — sorted set of the owner's session ids scored by expiry (Unix ms): the
/// authority, a session it does not name is not live; expires with its longest-lived session;</item>
/// <item><c>{prefix}{scheme|0x…}:session:{id}</c> — string, the session record (<c>Web3SessionRecordFormat</c>),
/// expires with the session;</item>
/// <item><c>{prefix}{scheme}:nonce:{nonce}</c> — a used nonce, until its sign-in message expires (its own slot);</item>
/// <item><c>{prefix}invalidations</c> — the pub/sub channel that tells every node what to drop from its cache.</item>
/// </list>
/// The scheme is percent-encoded, so no scheme name can contain a brace and break the hash tag.
/// </summary>
internal sealed class RedisKeyLayout(string prefix)
{
    public string InvalidationChannelName { get; } = prefix + "invalidations";

    public RedisChannel InvalidationChannel => new(InvalidationChannelName, RedisChannel.PatternMode.Literal);

    public RedisKey SingleUse(string scheme, string key) => prefix + Uri.EscapeDataString(scheme) + ":" + key;

    public RedisKey Sessions(Web3SessionOwner owner) => OwnerTag(owner) + ":sessions";

    public RedisKey Session(Web3SessionOwner owner, string sessionId) => SessionPrefix(owner) + sessionId;

    /// <summary>What a session id is appended to for its key: scripts that end sessions they find in the list build keys with it.</summary>
    public string SessionPrefix(Web3SessionOwner owner) => OwnerTag(owner) + ":session:";

    /// <summary>A scratch key for the start-up access check, in a slot of its own like an owner's keys.</summary>
    public RedisKey AccessCheck(string suffix) => prefix + "{access-check}" + suffix;

    private string OwnerTag(Web3SessionOwner owner) => prefix + "{" + Uri.EscapeDataString(owner.Scheme) + "|" + owner.Address.ToLowercaseString() + "}";
}
