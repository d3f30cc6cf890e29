namespace Web3Auth.Client;

/// <summary>
/// How an <see cref="HttpClient"/> signs in to a Web3Auth.AspNetCore site with a session key and keeps its session,
/// configured per named client by <c>AddWeb3SessionKey</c>. Checked when the client is first used (and at start-up in a
/// host): a missing <see cref="RootSigner"/> or a bad value fails with a message naming the option.
/// </summary>
public sealed class Web3SessionKeyClientOptions
{
    /// <summary>The account the client signs in as, and that signs each renewal. Required.</summary>
    public IWeb3RootSigner? RootSigner { get; set; }

    /// <summary>The kind of session key the client makes at each sign-in. Default <see cref="Web3SessionKeyType.P256"/>.</summary>
    public Web3SessionKeyType KeyType { get; set; } = Web3SessionKeyType.P256;

    /// <summary>
    /// The absolute URI the site maps its sign-in endpoints under, such as <c>https://api.example.com/auth/web3/</c>.
    /// Default: <c>/auth/web3/</c> on the origin of the first request. The client authenticates only requests to this
    /// URI's origin; requests to any other origin pass through unchanged, so the token never reaches another host.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The chain id to sign in on; default the site's (its lowest allowed chain).</summary>
    public ulong? ChainId { get; set; }

    /// <summary>
    /// The permissions to ask for at sign-in and at every renewal (a renewal asks for all of them again, so one that
    /// lapsed inside the session is granted anew). <see langword="null"/> (the default) asks for the site's default
    /// permissions and renews the live ones; an empty list asks for none.
    /// </summary>
    public IList<string>? Permissions { get; set; }

    /// <summary>The session lifetime to ask for at sign-in and renewal; default the site's. The site caps it.</summary>
    public TimeSpan? SessionLifetime { get; set; }

    /// <summary>
    /// How long before the session's end the client renews it: the first request after that point renews (one renewal
    /// at a time; other requests carry on with the current token meanwhile). Capped at half the session's lifetime.
    /// Default 5 minutes; <see cref="TimeSpan.Zero"/> never renews (the next request after the end signs in again).
    /// </summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(5);
}
