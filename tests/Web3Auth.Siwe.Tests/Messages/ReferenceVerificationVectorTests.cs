using System.Text.Json;

using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>
/// The verification vectors of the SIWE reference implementation, run the way the reference runs them: the message is
/// built from the fields, verified at <c>time</c> (or at its Issued At), against <c>domainBinding</c> (or its own domain)
/// and <c>matchNonce</c> (or its own nonce). Like the reference, no clock skew and no Issued At check.
/// </summary>
public class ReferenceVerificationVectorTests
{
    // What each negative vector is about, where its name says it; a vector not listed here must still fail.
    private static readonly Dictionary<string, SiweErrorCode> ExpectedFailures = new()
    {
        ["expired message"] = SiweErrorCode.ExpiredMessage,
        ["domain binding"] = SiweErrorCode.DomainMismatch,
        ["custom time"] = SiweErrorCode.ExpiredMessage,
        ["custom nonce"] = SiweErrorCode.NonceMismatch,
        ["malformed signature"] = SiweErrorCode.InvalidSignature,
        ["wrong signature"] = SiweErrorCode.AddressMismatch,
        ["not yet valid"] = SiweErrorCode.NotYetValid,
        ["invalid issuedAt"] = SiweErrorCode.MalformedMessage,
        ["invalid notBefore"] = SiweErrorCode.MalformedMessage,
        ["invalid expirationTime"] = SiweErrorCode.MalformedMessage,
    };

    public static TheoryData<string> PositiveCases => SiweVectors.Names(SiweVectors.VerificationPositive);

    public static TheoryData<string> NegativeCases => SiweVectors.Names(SiweVectors.VerificationNegative);

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Positive_vector_verifies(string name)
    {
        var result = Verify(SiweVectors.Case(SiweVectors.VerificationPositive, name));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(SiweVectors.String(SiweVectors.Case(SiweVectors.VerificationPositive, name), "address"), result.Message.Address.ToString());
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_vector_fails_verification(string name)
    {
        var result = Verify(SiweVectors.Case(SiweVectors.VerificationNegative, name));

        Assert.False(result.IsValid);
        if (ExpectedFailures.TryGetValue(name, out var expected))
        {
            Assert.Equal(expected, result.ErrorCode);
        }
    }

    private static SiweValidationResult Verify(JsonElement vector)
    {
        var builder = SiweVectors.ToBuilder(vector);
        Assert.NotNull(builder);
        if (!builder.TryBuild(out var message, out var error))
        {
            return SiweValidationResult.Malformed(error);
        }

        var time = SiweVectors.String(vector, "time") ?? message.IssuedAt.Text;
        var parameters = new SiweValidationParameters
        {
            ExpectedDomain = SiweVectors.String(vector, "domainBinding") ?? message.Domain,
            ExpectedNonce = SiweVectors.String(vector, "matchNonce") ?? message.Nonce,
            ClockSkew = TimeSpan.Zero,
            RejectIssuedInFuture = false,
        };

        return SiweMessageValidator.Validate(
            message, SiweVectors.String(vector, "signature"), parameters, new ManualTimeProvider(SiweTimestamp.Parse(time).Value));
    }
}
