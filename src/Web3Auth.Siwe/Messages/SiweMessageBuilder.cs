using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.Siwe;

/// <summary>
/// Creates a <see cref="SiweMessage"/> from its fields, checking each one with exactly the rules the parser applies,
/// so that the message text it produces parses back to the same fields.
/// </summary>
/// <remarks>
/// Fields are set as the text that goes into the message; typed values convert with
/// <see cref="EthereumAddress.ToString"/> and <see cref="SiweTimestamp.FromDateTimeOffset(DateTimeOffset)"/>:
/// <code>
/// var message = new SiweMessageBuilder
/// {
///     Domain = "example.com",
///     Address = account.ToString(),
///     Statement = "Sign in to Example.",
///     Uri = "https://example.com/login",
///     ChainId = 1,
///     Nonce = nonce,
///     IssuedAt = SiweTimestamp.FromDateTimeOffset(now).Text,
///     ExpirationTime = SiweTimestamp.FromDateTimeOffset(now.AddMinutes(5)).Text,
/// }.Build();
/// </code>
/// </remarks>
public sealed class SiweMessageBuilder
{
    /// <summary>Creates an empty builder; <see cref="Version"/> is preset to <c>1</c>.</summary>
    public SiweMessageBuilder()
    {
    }

    /// <summary>Creates a builder holding the fields of <paramref name="message"/>, to make a modified copy.</summary>
    public SiweMessageBuilder(SiweMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Scheme = message.Scheme;
        Domain = message.Domain;
        Address = message.Address.ToString();
        Statement = message.Statement;
        Uri = message.Uri;
        Version = message.Version;
        ChainId = message.ChainId;
        Nonce = message.Nonce;
        IssuedAt = message.IssuedAt.Text;
        ExpirationTime = message.ExpirationTime?.Text;
        NotBefore = message.NotBefore?.Text;
        RequestId = message.RequestId;
        Resources = message.Resources?.ToList();
    }

    /// <summary>Optional URI scheme written before the domain, such as <c>https</c>.</summary>
    public string? Scheme { get; set; }

    /// <summary>Required RFC 3986 authority, such as <c>example.com</c> or <c>localhost:8080</c>.</summary>
    public string? Domain { get; set; }

    /// <summary>Required address in its exact EIP-55 checksum form (what <see cref="EthereumAddress.ToString"/> returns).</summary>
    public string? Address { get; set; }

    /// <summary>
    /// Optional one-line statement (RFC 3986 reserved and unreserved characters and spaces). <see langword="null"/> leaves
    /// it out; an empty string writes an empty statement line, which the grammar allows but few wallets expect.
    /// </summary>
    public string? Statement { get; set; }

    /// <summary>Required RFC 3986 URI with a scheme.</summary>
    public string? Uri { get; set; }

    /// <summary>Required version; must be <c>1</c>, the default.</summary>
    public string? Version { get; set; } = SiweMessage.CurrentVersion;

    /// <summary>Required EIP-155 chain ID.</summary>
    public ulong? ChainId { get; set; }

    /// <summary>Required nonce: at least 8 ASCII letters or digits.</summary>
    public string? Nonce { get; set; }

    /// <summary>Required RFC 3339 date-time.</summary>
    public string? IssuedAt { get; set; }

    /// <summary>Optional RFC 3339 date-time.</summary>
    public string? ExpirationTime { get; set; }

    /// <summary>Optional RFC 3339 date-time.</summary>
    public string? NotBefore { get; set; }

    /// <summary>Optional request ID made of RFC 3986 <c>pchar</c>; may be empty.</summary>
    public string? RequestId { get; set; }

    /// <summary>
    /// Optional RFC 3986 URIs. <see langword="null"/> leaves out the <c>Resources:</c> section; an empty list writes it
    /// with no item.
    /// </summary>
#pragma warning disable CA2227 // A settable list keeps object initialisers simple; the message copies it.
    public IList<string>? Resources { get; set; }
#pragma warning restore CA2227

    /// <summary>
    /// Checks every field and creates the message. Returns <see langword="false"/> with the first field at fault
    /// otherwise; never throws.
    /// </summary>
    public bool TryBuild([NotNullWhen(true)] out SiweMessage? message, [NotNullWhen(false)] out SiweParseError? error)
    {
        message = null;

        // Snapshot the list so that what is checked is what is written.
        var resources = Resources?.ToArray();
        EthereumAddress address = default;
        SiweTimestamp issuedAt = default;
        SiweTimestamp? expirationTime = null;
        SiweTimestamp? notBefore = null;
        error = SiweFieldRules.CheckScheme(Scheme)
            ?? SiweFieldRules.CheckDomain(Domain)
            ?? SiweFieldRules.CheckAddress(Address, out address)
            ?? SiweFieldRules.CheckStatement(Statement)
            ?? SiweFieldRules.CheckUri(Uri)
            ?? SiweFieldRules.CheckVersion(Version)
            ?? (ChainId is null ? new SiweParseError(SiweField.ChainId, "The chain ID is missing.") : null)
            ?? SiweFieldRules.CheckNonce(Nonce)
            ?? SiweFieldRules.CheckTimestamp(SiweField.IssuedAt, IssuedAt, out issuedAt)
            ?? CheckOptionalTimestamp(SiweField.ExpirationTime, ExpirationTime, out expirationTime)
            ?? CheckOptionalTimestamp(SiweField.NotBefore, NotBefore, out notBefore)
            ?? SiweFieldRules.CheckRequestId(RequestId)
            ?? SiweFieldRules.CheckResources(resources);
        if (error is not null)
        {
            return false;
        }

        var built = new SiweMessage(
            Scheme, Domain!, address, Statement, Uri!, ChainId!.Value, Nonce!, issuedAt, expirationTime, notBefore, RequestId, resources);
        if (built.ToString().Length > SiweMessage.MaxLength)
        {
            error = new(SiweField.Message, $"The message would be longer than {SiweMessage.MaxLength} characters.");
            return false;
        }

        message = built;
        return true;
    }

    /// <summary>Checks every field and creates the message.</summary>
    /// <exception cref="ArgumentException">A field is invalid; the message names it and says why.</exception>
    public SiweMessage Build() =>
        TryBuild(out var message, out var error)
            ? message
            : throw new ArgumentException($"Invalid Sign-In with Ethereum message field {error.Field}: {error.Description}", error.Field.ToString());

    /// <summary>The EIP-4361 text of the message these fields make.</summary>
    /// <exception cref="ArgumentException">A field is invalid.</exception>
    public string ToMessage() => Build().ToString();

    private static SiweParseError? CheckOptionalTimestamp(SiweField field, string? text, out SiweTimestamp? timestamp)
    {
        timestamp = null;
        if (text is null)
        {
            return null;
        }

        var error = SiweFieldRules.CheckTimestamp(field, text, out var value);
        timestamp = value;
        return error;
    }
}
