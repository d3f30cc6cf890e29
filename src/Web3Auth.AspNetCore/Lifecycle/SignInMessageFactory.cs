using Microsoft.AspNetCore.DataProtection;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Builds the EIP-4361 sign-in message for a request: the site's domain, the URI (the site's, or the session key's
/// did:key when the session will be key-bound), the chosen chain, a fresh nonce,
/// the session's end as Expiration Time, a ReCap of the permissions (with the EIP-5573 statement), and the
/// <see cref="SignInTicket"/> as Request ID. Pure: stores nothing.
/// </summary>
internal static class SignInMessageFactory
{
    public static Web3Outcome<SignInMessageResponse> Build(
        Web3SessionKeyOptions options, Web3Site site, IDataProtector protector, EthereumAddress address, ulong chainId,
        IReadOnlyList<Web3SessionPermission> grants, DateTimeOffset now, DateTimeOffset sessionExpiresAt, Web3Session? renewing,
        Web3BoundKey? boundKey)
    {
        var builder = new SiweMessageBuilder
        {
            Domain = site.Domain,
            Address = address.ToString(),
            Statement = string.IsNullOrEmpty(options.Statement) ? null : options.Statement,
            // EIP-5573: the URI is the delegee. A key-bound session's is the key, so the wallet shows which key gets
            // the permissions; the ReCap's attenuations still name the site.
            Uri = boundKey?.DidKey ?? site.Uri,
            ChainId = chainId,
            Nonce = SiweNonce.Generate(),
            IssuedAt = SiweTimestamp.FromDateTimeOffset(now).Text,
            ExpirationTime = SiweTimestamp.FromDateTimeOffset(sessionExpiresAt).Text,
        };
        if (grants.Count > 0)
        {
            // EIP-5573: the ReCap resource goes last, and the statement spells out what it grants.
            var recap = ReCap.ForAbilities(site.Uri, grants.Select(g => g.Name));
            builder.Statement = ReCapStatement.Combine(builder.Statement, recap);
            builder.Resources = [recap.ToResourceUri()];
        }

        if (!builder.TryBuild(out var bare, out var buildError))
        {
            // Only reachable with a domain derived from a malformed Host header (Development).
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "Cannot build a sign-in message: " + buildError.Description);
        }

        var expiresAt = now + options.SignInMessageLifetime;
        builder.RequestId = SignInTicket.For(bare, expiresAt, renewing).Protect(protector);
        if (!builder.TryBuild(out var message, out buildError))
        {
            return Web3ProblemResult.BadRequest(Web3ErrorCodes.InvalidRequest, "Cannot build a sign-in message: " + buildError.Description);
        }

        return new SignInMessageResponse(message.ToString(), message.Nonce, expiresAt, sessionExpiresAt, Web3SessionLifecycle.ToGrants(grants));
    }

    /// <summary>
    /// The grants a message names, with their expiries: the session's end, or sooner for a permission with a
    /// <see cref="Web3Permission.MaxLifetime"/> counted from the message's Issued At. The same rule when the message
    /// is issued and when it is redeemed, so nothing about it needs to be stored.
    /// </summary>
    public static List<Web3SessionPermission> Grants(Web3SessionKeyOptions options, IEnumerable<Web3Permission> permissions, DateTimeOffset issuedAt, DateTimeOffset sessionExpiresAt)
    {
        var grants = new List<Web3SessionPermission>();
        foreach (var permission in permissions.DistinctBy(p => p.Name).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var expiresAt = permission.MaxLifetime is { } max && issuedAt + max < sessionExpiresAt ? TruncateToMilliseconds(issuedAt + max) : sessionExpiresAt;
            grants.Add(new Web3SessionPermission(permission.Name, expiresAt));
        }

        return grants;
    }

    // Messages carry millisecond timestamps; keep the stored expiries equal to what the wallet signed.
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
