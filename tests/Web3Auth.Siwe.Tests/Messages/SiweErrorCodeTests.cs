namespace Web3Auth.Siwe.Tests.Messages;

public class SiweErrorCodeTests
{
    [Theory]
    [InlineData(SiweErrorCode.MalformedMessage, "malformed_message")]
    [InlineData(SiweErrorCode.InvalidSignature, "invalid_signature")]
    [InlineData(SiweErrorCode.ExpiredMessage, "message_expired")]
    [InlineData(SiweErrorCode.NotYetValid, "message_not_yet_valid")]
    [InlineData(SiweErrorCode.IssuedInFuture, "issued_in_future")]
    [InlineData(SiweErrorCode.DomainMismatch, "domain_mismatch")]
    [InlineData(SiweErrorCode.SchemeMismatch, "scheme_mismatch")]
    [InlineData(SiweErrorCode.UriMismatch, "uri_mismatch")]
    [InlineData(SiweErrorCode.ChainNotAllowed, "chain_not_allowed")]
    [InlineData(SiweErrorCode.NonceMismatch, "nonce_mismatch")]
    [InlineData(SiweErrorCode.AddressMismatch, "address_mismatch")]
    public void Each_error_code_has_its_stable_snake_case_code(SiweErrorCode code, string expected)
    {
        Assert.Equal(expected, code.ToCode());
    }

    [Fact]
    public void Every_defined_error_code_has_a_distinct_code()
    {
        var codes = Enum.GetValues<SiweErrorCode>().Select(c => c.ToCode()).ToList();

        Assert.Equal(11, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^[a-z]+(_[a-z]+)*$", code));
    }

    [Fact]
    public void An_undefined_error_code_has_no_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SiweErrorCode)0).ToCode());
    }
}
