namespace Web3Auth.Siwe;

/// <summary>
/// What the relying party expects of a signed Sign-In with Ethereum message. Only <see cref="ExpectedDomain"/> is
/// required; the other checks are on by default where EIP-4361 gives a default, and opt-in otherwise.
/// </summary>
/// <remarks>
/// Typically one instance is configured at start-up and a per-request copy made with the nonce that was issued:
/// <c>parameters with { ExpectedNonce = nonce }</c>.
/// </remarks>
public sealed record SiweValidationParameters
{
    /// <summary>The default <see cref="ClockSkew"/>: one minute.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The domain (RFC 3986 authority) the message must name, compared exactly, port included:
    /// <c>example.com</c> does not match <c>example.com:443</c>.
    /// </summary>
    public required string ExpectedDomain { get; init; }

    /// <summary>
    /// The scheme a message that states one (<c>https://example.com wants you…</c>) must state, compared
    /// case-insensitively. Default <c>https</c>. A message without a scheme is not checked (EIP-4361 then assumes
    /// <c>https</c>). <see langword="null"/> turns the check off.
    /// </summary>
    public string? ExpectedScheme { get; init; } = "https";

    /// <summary>
    /// When set, an origin such as <c>https://example.com</c> or <c>http://localhost:5000</c>: the message's URI must
    /// have the same scheme, host and port (an omitted port is the scheme's default: 80 for http/ws, 443 for
    /// https/wss). Scheme and host are compared case-insensitively. <see langword="null"/> (the default) turns the check off.
    /// </summary>
    public string? ExpectedUriOrigin { get; init; }

    /// <summary>
    /// When set, the exact URI the message must name, compared ordinally — for an EIP-5573 delegation to a session key,
    /// that key's <c>did:key</c>. Usually set instead of <see cref="ExpectedUriOrigin"/> (both apply when both are set).
    /// <see langword="null"/> (the default) turns the check off.
    /// </summary>
    public string? ExpectedUri { get; init; }

    /// <summary>When set, the chain IDs a message may be bound to. <see langword="null"/> (the default) allows any chain.</summary>
    public IReadOnlySet<ulong>? AllowedChainIds { get; init; }

    /// <summary>
    /// When set, the nonce the message must carry, compared exactly. <see langword="null"/> (the default) leaves the
    /// nonce to the caller, who must then check it is one it issued and has not consumed yet.
    /// </summary>
    public string? ExpectedNonce { get; init; }

    /// <summary>
    /// How far the clocks of the wallet and of this server may disagree: the time checks accept this much tolerance.
    /// Default one minute; must not be negative.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = DefaultClockSkew;

    /// <summary>
    /// Whether a message whose Issued At is later than now (beyond <see cref="ClockSkew"/>) is refused with
    /// <see cref="SiweErrorCode.IssuedInFuture"/>. Default <see langword="true"/>. (The SIWE reference implementation
    /// does not check it.)
    /// </summary>
    public bool RejectIssuedInFuture { get; init; } = true;

    /// <summary>Checks the settings themselves.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the exception names it and says how to fix it.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(ExpectedDomain) || !Rfc3986.IsAuthority(ExpectedDomain, requireHost: true))
        {
            throw new ArgumentException(
                "ExpectedDomain must be the RFC 3986 authority the messages name, such as 'example.com' or 'localhost:5000'.",
                nameof(ExpectedDomain));
        }

        if (ExpectedScheme is not null && !Rfc3986.IsScheme(ExpectedScheme))
        {
            throw new ArgumentException("ExpectedScheme must be a URI scheme such as 'https', or null to skip the check.", nameof(ExpectedScheme));
        }

        if (ExpectedUriOrigin is not null && !TryGetExpectedOrigin(out _))
        {
            throw new ArgumentException(
                "ExpectedUriOrigin must be an origin such as 'https://example.com' or 'http://localhost:5000' (no path, query or fragment), or null to skip the check.",
                nameof(ExpectedUriOrigin));
        }

        if (ClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentException("ClockSkew must not be negative.", nameof(ClockSkew));
        }
    }

    internal bool TryGetExpectedOrigin(out Rfc3986.UriOrigin origin) =>
        Rfc3986.TryGetOrigin(ExpectedUriOrigin, out origin, out var bare) && bare && !string.IsNullOrEmpty(origin.Host);
}
