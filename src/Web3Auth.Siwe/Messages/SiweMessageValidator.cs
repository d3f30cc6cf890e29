namespace Web3Auth.Siwe;

/// <summary>
/// Verifies a signed Sign-In with Ethereum message: its grammar, what it claims (domain, scheme, URI, chain, nonce,
/// validity period) and finally its EIP-191 signature. Pure: the time comes from the <see cref="TimeProvider"/> given.
/// </summary>
/// <remarks>
/// The checks run cheapest first and stop at the first failure, in this order:
/// <see cref="SiweErrorCode.MalformedMessage"/>, <see cref="SiweErrorCode.DomainMismatch"/>,
/// <see cref="SiweErrorCode.SchemeMismatch"/>, <see cref="SiweErrorCode.UriMismatch"/>,
/// <see cref="SiweErrorCode.ChainNotAllowed"/>, <see cref="SiweErrorCode.NonceMismatch"/>,
/// <see cref="SiweErrorCode.ExpiredMessage"/>, <see cref="SiweErrorCode.NotYetValid"/>,
/// <see cref="SiweErrorCode.IssuedInFuture"/>, then the signature: <see cref="SiweErrorCode.InvalidSignature"/>,
/// <see cref="SiweErrorCode.AddressMismatch"/>. Only externally owned accounts (EIP-191 signatures) are verified here;
/// contract wallets (EIP-1271, EIP-6492) need chain access: check the claims with
/// <see cref="ValidateClaims(SiweMessage, SiweValidationParameters, TimeProvider)"/>, then ask the chain with
/// <see cref="Erc1271"/> / <see cref="UniversalSignatureValidator"/> calldata over <see cref="PersonalMessage.Hash(string)"/>.
/// </remarks>
public static class SiweMessageValidator
{
    /// <summary>Parses <paramref name="message"/>, decodes the hexadecimal <paramref name="signature"/> and validates them.</summary>
    /// <param name="message">The message text exactly as signed.</param>
    /// <param name="signature">The 65-byte <c>r‖s‖v</c> signature as hexadecimal, with or without <c>0x</c>.</param>
    /// <param name="parameters">What the message must match.</param>
    /// <param name="timeProvider">The clock the validity period is checked against.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is invalid (a configuration error, not an input error).</exception>
    public static SiweValidationResult Validate(string? message, string? signature, SiweValidationParameters parameters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        parameters.Validate();
        return SiweMessage.TryParse(message, out var parsed, out var parseError)
            ? Validate(parsed, signature, parameters, timeProvider)
            : SiweValidationResult.Malformed(parseError);
    }

    /// <summary>Decodes the hexadecimal <paramref name="signature"/> and validates it with <paramref name="message"/>.</summary>
    /// <param name="message">The parsed message.</param>
    /// <param name="signature">The 65-byte <c>r‖s‖v</c> signature as hexadecimal, with or without <c>0x</c>.</param>
    /// <param name="parameters">What the message must match.</param>
    /// <param name="timeProvider">The clock the validity period is checked against.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is invalid.</exception>
    public static SiweValidationResult Validate(SiweMessage message, string? signature, SiweValidationParameters parameters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        parameters.Validate();

        // An undecodable signature is still only looked at after the cheaper checks.
        var claimsError = CheckClaims(message, parameters, timeProvider);
        if (claimsError is not null)
        {
            return claimsError;
        }

        return Hex.TryDecode(signature, out var bytes)
            ? CheckSignature(message, bytes)
            : SiweValidationResult.Failure(SiweErrorCode.InvalidSignature, "The signature is not hexadecimal.", message);
    }

    /// <summary>Validates <paramref name="message"/> and its <paramref name="signature"/>.</summary>
    /// <param name="message">The parsed message.</param>
    /// <param name="signature">The 65-byte <c>r‖s‖v</c> signature, <c>v</c> being 0, 1, 27 or 28.</param>
    /// <param name="parameters">What the message must match.</param>
    /// <param name="timeProvider">The clock the validity period is checked against.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is invalid.</exception>
    public static SiweValidationResult Validate(SiweMessage message, ReadOnlySpan<byte> signature, SiweValidationParameters parameters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        parameters.Validate();
        return CheckClaims(message, parameters, timeProvider) ?? CheckSignature(message, signature);
    }

    /// <summary>
    /// Checks everything the message claims (domain, scheme, URI, chain, nonce, validity period) but not its
    /// signature, in the same order as <c>Validate</c>: for callers that verify the signature another way, such as a
    /// smart-contract wallet asked through an <c>eth_call</c>.
    /// </summary>
    /// <param name="message">The parsed message.</param>
    /// <param name="parameters">What the message must match.</param>
    /// <param name="timeProvider">The clock the validity period is checked against.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is invalid.</exception>
    public static SiweValidationResult ValidateClaims(SiweMessage message, SiweValidationParameters parameters, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(timeProvider);
        parameters.Validate();
        return CheckClaims(message, parameters, timeProvider) ?? SiweValidationResult.Success(message);
    }

    private static SiweValidationResult? CheckClaims(SiweMessage message, SiweValidationParameters parameters, TimeProvider timeProvider)
    {
        if (!string.Equals(message.Domain, parameters.ExpectedDomain, StringComparison.Ordinal))
        {
            return Fail(SiweErrorCode.DomainMismatch, "The message is for another domain.");
        }

        if (message.Scheme is not null && parameters.ExpectedScheme is not null
            && !string.Equals(message.Scheme, parameters.ExpectedScheme, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(SiweErrorCode.SchemeMismatch, "The message is for another scheme.");
        }

        if (parameters.ExpectedUriOrigin is not null && !HasExpectedOrigin(message.Uri, parameters))
        {
            return Fail(SiweErrorCode.UriMismatch, "The message's URI is not on the expected origin.");
        }

        if (parameters.ExpectedUri is not null && !string.Equals(message.Uri, parameters.ExpectedUri, StringComparison.Ordinal))
        {
            return Fail(SiweErrorCode.UriMismatch, "The message's URI is not the expected one.");
        }

        if (parameters.AllowedChainIds is { } allowed && !allowed.Contains(message.ChainId))
        {
            return Fail(SiweErrorCode.ChainNotAllowed, "The message is bound to a chain that is not allowed.");
        }

        if (parameters.ExpectedNonce is not null && !string.Equals(message.Nonce, parameters.ExpectedNonce, StringComparison.Ordinal))
        {
            return Fail(SiweErrorCode.NonceMismatch, "The message's nonce is not the expected one.");
        }

        // Compared in UTC ticks; subtracting the skew (never adding it) cannot overflow.
        var now = timeProvider.GetUtcNow().UtcTicks;
        var skew = parameters.ClockSkew.Ticks;
        if (message.ExpirationTime is { } expirationTime && now - skew >= expirationTime.Value.UtcTicks)
        {
            return Fail(SiweErrorCode.ExpiredMessage, "The message has expired.");
        }

        if (message.NotBefore is { } notBefore && now < notBefore.Value.UtcTicks - skew)
        {
            return Fail(SiweErrorCode.NotYetValid, "The message is not valid yet.");
        }

        if (parameters.RejectIssuedInFuture && now < message.IssuedAt.Value.UtcTicks - skew)
        {
            return Fail(SiweErrorCode.IssuedInFuture, "The message claims to be issued in the future.");
        }

        return null;

        SiweValidationResult Fail(SiweErrorCode code, string description) => SiweValidationResult.Failure(code, description, message);
    }

    private static SiweValidationResult CheckSignature(SiweMessage message, ReadOnlySpan<byte> signature)
    {
        // The signed text is the message's own text: for a parsed message, the exact text received.
        if (!PersonalMessage.TryRecoverSigner(message.ToString(), signature, out var signer, out var error))
        {
            return SiweValidationResult.Failure(SiweErrorCode.InvalidSignature, $"The signature is unusable ({error}).", message);
        }

        return signer == message.Address
            ? SiweValidationResult.Success(message)
            : SiweValidationResult.Failure(SiweErrorCode.AddressMismatch, "The signature was made by another account than the message's address.", message);
    }

    private static bool HasExpectedOrigin(string uri, SiweValidationParameters parameters)
    {
        if (!parameters.TryGetExpectedOrigin(out var expected) || !Rfc3986.TryGetOrigin(uri, out var actual, out _) || actual.Host is null)
        {
            return false;
        }

        return string.Equals(actual.Scheme, expected.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(actual.Host, expected.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(EffectivePort(actual), EffectivePort(expected), StringComparison.Ordinal);
    }

    // The port as a canonical decimal string, the scheme's default when omitted, or null when neither is known.
    private static string? EffectivePort(Rfc3986.UriOrigin origin)
    {
        if (origin.Port is { } port)
        {
            var trimmed = port.TrimStart('0');
            return trimmed.Length == 0 ? "0" : trimmed;
        }

        return origin.Scheme.ToUpperInvariant() switch
        {
            "HTTP" or "WS" => "80",
            "HTTPS" or "WSS" => "443",
            _ => null,
        };
    }
}
