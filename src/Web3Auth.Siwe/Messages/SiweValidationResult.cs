using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.Siwe;

/// <summary>The outcome of <see cref="SiweMessageValidator"/>: success, or one <see cref="SiweErrorCode"/> and why.</summary>
public sealed class SiweValidationResult
{
    private SiweValidationResult(SiweMessage? message, SiweErrorCode? errorCode, string? errorDescription, SiweParseError? parseError)
    {
        Message = message;
        ErrorCode = errorCode;
        ErrorDescription = errorDescription;
        ParseError = parseError;
    }

    /// <summary>Whether the message is valid, correctly signed by its address, and meets every expectation.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(ErrorCode), nameof(ErrorDescription))]
    public bool IsValid => ErrorCode is null;

    /// <summary>
    /// The message: always set when <see cref="IsValid"/>; on failure set too unless the text did not parse.
    /// On success, <c>Message.Address</c> is the account that signed in.
    /// </summary>
    public SiweMessage? Message { get; }

    /// <summary>Why the message was refused, or <see langword="null"/> when it is valid.</summary>
    public SiweErrorCode? ErrorCode { get; }

    /// <summary>A human-readable explanation of <see cref="ErrorCode"/>, in English; it never quotes the input.</summary>
    public string? ErrorDescription { get; }

    /// <summary>For <see cref="SiweErrorCode.MalformedMessage"/>, the field at fault.</summary>
    public SiweParseError? ParseError { get; }

    /// <summary>A successful result for <paramref name="message"/>.</summary>
    public static SiweValidationResult Success(SiweMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message, null, null, null);
    }

    /// <summary>A failed result.</summary>
    public static SiweValidationResult Failure(SiweErrorCode errorCode, string description, SiweMessage? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new(message, errorCode, description, null);
    }

    /// <summary>A <see cref="SiweErrorCode.MalformedMessage"/> result for a text that did not parse.</summary>
    public static SiweValidationResult Malformed(SiweParseError parseError)
    {
        ArgumentNullException.ThrowIfNull(parseError);
        return new(null, SiweErrorCode.MalformedMessage, parseError.ToString(), parseError);
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : $"{ErrorCode.Value.ToCode()}: {ErrorDescription}";
}
