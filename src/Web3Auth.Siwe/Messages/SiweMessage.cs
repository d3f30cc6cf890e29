using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Web3Auth.Siwe;

/// <summary>
/// A valid EIP-4361 Sign-In with Ethereum message: its fields and its exact text.
/// </summary>
/// <remarks>
/// <para>
/// Instances exist only through <see cref="TryParse(string?, out SiweMessage?, out SiweParseError?)"/> and
/// <see cref="SiweMessageBuilder"/>, so every instance satisfies the EIP-4361 grammar, and <see cref="ToString"/>
/// returns exactly the text that was parsed (or built): the text a wallet signs.
/// </para>
/// <para>The text format, fields in this order, lines separated by LF only, optional parts in brackets:</para>
/// <code>
/// [${scheme}://]${domain} wants you to sign in with your Ethereum account:
/// ${address}
///
/// [${statement}
/// ]
/// URI: ${uri}
/// Version: 1
/// Chain ID: ${chain-id}
/// Nonce: ${nonce}
/// Issued At: ${issued-at}
/// [Expiration Time: ${expiration-time}]
/// [Not Before: ${not-before}]
/// [Request ID: ${request-id}]
/// [Resources:
/// - ${resources[0]}
/// - ...]
/// </code>
/// </remarks>
public sealed class SiweMessage : IEquatable<SiweMessage>
{
    /// <summary>
    /// The longest message accepted, in UTF-16 code units: 16 KiB. A valid message is ASCII, so this is also its size in
    /// bytes. The limit bounds the work done on untrusted input; real sign-in messages are well under 1 KiB.
    /// </summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The only <see cref="Version"/> EIP-4361 defines.</summary>
    public const string CurrentVersion = "1";

    internal const string Preamble = " wants you to sign in with your Ethereum account:";
    internal const string UriTag = "URI: ";
    internal const string VersionTag = "Version: ";
    internal const string ChainIdTag = "Chain ID: ";
    internal const string NonceTag = "Nonce: ";
    internal const string IssuedAtTag = "Issued At: ";
    internal const string ExpirationTimeTag = "Expiration Time: ";
    internal const string NotBeforeTag = "Not Before: ";
    internal const string RequestIdTag = "Request ID: ";
    internal const string ResourcesTag = "Resources:";
    internal const string ResourcePrefix = "- ";

    private readonly string _text;

    internal SiweMessage(
        string? scheme,
        string domain,
        EthereumAddress address,
        string? statement,
        string uri,
        ulong chainId,
        string nonce,
        SiweTimestamp issuedAt,
        SiweTimestamp? expirationTime,
        SiweTimestamp? notBefore,
        string? requestId,
        IReadOnlyList<string>? resources,
        string? text = null)
    {
        Scheme = scheme;
        Domain = domain;
        Address = address;
        Statement = statement;
        Uri = uri;
        ChainId = chainId;
        Nonce = nonce;
        IssuedAt = issuedAt;
        ExpirationTime = expirationTime;
        NotBefore = notBefore;
        RequestId = requestId;
        Resources = resources is null ? null : Array.AsReadOnly(resources.ToArray());
        _text = text ?? Format();
    }

    /// <summary>
    /// The URI scheme written before the domain (<c>https</c> in <c>https://example.com wants you…</c>), or
    /// <see langword="null"/> when the message has none (EIP-4361 then assumes <c>https</c>).
    /// </summary>
    public string? Scheme { get; }

    /// <summary>The RFC 3986 authority requesting the sign-in, for example <c>example.com</c> or <c>localhost:8080</c>.</summary>
    public string Domain { get; }

    /// <summary>The account that is signing in.</summary>
    public EthereumAddress Address { get; }

    /// <summary>
    /// The human-readable statement, or <see langword="null"/> when the message has none. It may be empty: the grammar
    /// allows an empty statement line, distinct from no statement.
    /// </summary>
    public string? Statement { get; }

    /// <summary>The RFC 3986 URI that is the subject of the sign-in.</summary>
    public string Uri { get; }

    /// <summary>Always <see cref="CurrentVersion"/>.</summary>
    public string Version { get; } = CurrentVersion;

    /// <summary>The EIP-155 chain ID the session is bound to.</summary>
    public ulong ChainId { get; }

    /// <summary>The nonce: at least 8 ASCII letters or digits.</summary>
    public string Nonce { get; }

    /// <summary>When the message was created.</summary>
    public SiweTimestamp IssuedAt { get; }

    /// <summary>When the message stops being valid, or <see langword="null"/>.</summary>
    public SiweTimestamp? ExpirationTime { get; }

    /// <summary>When the message starts being valid, or <see langword="null"/>.</summary>
    public SiweTimestamp? NotBefore { get; }

    /// <summary>The request ID (possibly empty), or <see langword="null"/> when the message has no <c>Request ID:</c> line.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// The resources, or <see langword="null"/> when the message has no <c>Resources:</c> section.
    /// An empty list is a <c>Resources:</c> line with no item under it, which the grammar allows.
    /// </summary>
    public IReadOnlyList<string>? Resources { get; }

    /// <summary>
    /// Parses an EIP-4361 message, strictly: exact field order, LF line endings, every field checked against its grammar.
    /// Never throws, whatever the input.
    /// </summary>
    /// <param name="text">The message text, at most <see cref="MaxLength"/> characters.</param>
    /// <param name="message">The message, when the text is valid.</param>
    /// <param name="error">The field at fault and why, when it is not.</param>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out SiweMessage? message,
        [NotNullWhen(false)] out SiweParseError? error) =>
        SiweMessageParser.TryParse(text, out message, out error);

    /// <summary>Parses an EIP-4361 message like <see cref="TryParse(string?, out SiweMessage?, out SiweParseError?)"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid message; the exception message names the field.</exception>
    public static SiweMessage Parse(string text) =>
        TryParse(text, out var message, out var error) ? message : throw new FormatException(error.ToString());

    /// <summary>The exact EIP-4361 text of the message: the text that is signed.</summary>
    public override string ToString() => _text;

    /// <summary>Two messages are equal when their texts are identical, byte for byte.</summary>
    public bool Equals(SiweMessage? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SiweMessage);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    // Renders the fields; for a parsed message this equals the parsed text (the tests check it).
    internal string Format()
    {
        var builder = new StringBuilder(512);
        if (Scheme is not null)
        {
            builder.Append(Scheme).Append("://");
        }

        builder.Append(Domain).Append(Preamble).Append('\n');
        builder.Append(Address.ToString()).Append('\n');
        builder.Append('\n');
        if (Statement is not null)
        {
            builder.Append(Statement).Append('\n');
        }

        builder.Append('\n');
        builder.Append(UriTag).Append(Uri).Append('\n');
        builder.Append(VersionTag).Append(Version).Append('\n');
        builder.Append(ChainIdTag).Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        builder.Append(NonceTag).Append(Nonce).Append('\n');
        builder.Append(IssuedAtTag).Append(IssuedAt.Text);
        if (ExpirationTime is { } expirationTime)
        {
            builder.Append('\n').Append(ExpirationTimeTag).Append(expirationTime.Text);
        }

        if (NotBefore is { } notBefore)
        {
            builder.Append('\n').Append(NotBeforeTag).Append(notBefore.Text);
        }

        if (RequestId is not null)
        {
            builder.Append('\n').Append(RequestIdTag).Append(RequestId);
        }

        if (Resources is not null)
        {
            builder.Append('\n').Append(ResourcesTag);
            foreach (var resource in Resources)
            {
                builder.Append('\n').Append(ResourcePrefix).Append(resource);
            }
        }

        return builder.ToString();
    }
}
