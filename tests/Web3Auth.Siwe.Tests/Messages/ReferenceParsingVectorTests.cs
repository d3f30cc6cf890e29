using System.Text.Json;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>The parsing vectors of the SIWE reference implementation, one test case per named vector.</summary>
public class ReferenceParsingVectorTests
{
    private static readonly string[] KnownFields =
        ["scheme", "domain", "address", "statement", "uri", "version", "chainId", "nonce", "issuedAt", "expirationTime", "notBefore", "requestId", "resources"];

    public static TheoryData<string> PositiveCases => SiweVectors.Names(SiweVectors.ParsingPositive);

    public static TheoryData<string> NegativeCases => SiweVectors.Names(SiweVectors.ParsingNegative);

    public static TheoryData<string> NegativeObjectCases => SiweVectors.Names(SiweVectors.ParsingNegativeObjects);

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Positive_vector_parses_to_exactly_its_fields(string name)
    {
        var vector = SiweVectors.Case(SiweVectors.ParsingPositive, name);
        var text = vector.GetProperty("message").GetString()!;
        var fields = vector.GetProperty("fields");
        Assert.All(fields.EnumerateObject(), field => Assert.Contains(field.Name, KnownFields));

        Assert.True(SiweMessage.TryParse(text, out var message, out var error), error?.ToString());

        Assert.Equal(SiweVectors.String(fields, "scheme"), message.Scheme);
        Assert.Equal(SiweVectors.String(fields, "domain"), message.Domain);
        Assert.Equal(SiweVectors.String(fields, "address"), message.Address.ToString());
        Assert.Equal(SiweVectors.String(fields, "statement"), message.Statement);
        Assert.Equal(SiweVectors.String(fields, "uri"), message.Uri);
        Assert.Equal(SiweVectors.String(fields, "version"), message.Version);
        Assert.Equal(fields.GetProperty("chainId").GetUInt64(), message.ChainId);
        Assert.Equal(SiweVectors.String(fields, "nonce"), message.Nonce);
        Assert.Equal(SiweVectors.String(fields, "issuedAt"), message.IssuedAt.Text);
        Assert.Equal(SiweVectors.String(fields, "expirationTime"), message.ExpirationTime?.Text);
        Assert.Equal(SiweVectors.String(fields, "notBefore"), message.NotBefore?.Text);
        Assert.Equal(SiweVectors.String(fields, "requestId"), message.RequestId);
        var resources = fields.TryGetProperty("resources", out var list)
            ? list.EnumerateArray().Select(r => r.GetString()!).ToArray()
            : null;
        Assert.Equal(resources, message.Resources);

        Assert.Equal(text, message.ToString());
        Assert.Equal(text, message.Format());
    }

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Positive_vector_fields_build_exactly_its_message(string name)
    {
        var vector = SiweVectors.Case(SiweVectors.ParsingPositive, name);
        var builder = SiweVectors.ToBuilder(vector.GetProperty("fields"));

        Assert.NotNull(builder);
        Assert.True(builder.TryBuild(out var message, out var error), error?.ToString());
        Assert.Equal(vector.GetProperty("message").GetString(), message.ToString());
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_vector_is_rejected_by_the_parser(string name)
    {
        var text = SiweVectors.Case(SiweVectors.ParsingNegative, name).GetString();

        Assert.False(SiweMessage.TryParse(text, out var message, out var error));
        Assert.Null(message);
        Assert.NotNull(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Description));
    }

    [Theory]
    [MemberData(nameof(NegativeObjectCases))]
    public void Negative_vector_fields_are_rejected_by_the_builder(string name)
    {
        var fields = SiweVectors.Case(SiweVectors.ParsingNegativeObjects, name);
        var builder = SiweVectors.ToBuilder(fields);
        if (builder is null)
        {
            // "not a valid chainId" gives the chain ID as the string "?": a ulong? property cannot even hold it.
            Assert.Equal(JsonValueKind.String, fields.GetProperty("chainId").ValueKind);
            return;
        }

        Assert.False(builder.TryBuild(out var message, out var error));
        Assert.Null(message);
        Assert.NotNull(error);
        Assert.Throws<ArgumentException>(() => builder.Build());
    }

    [Theory]
    [InlineData("missing domain", SiweField.Domain)]
    [InlineData("missing address", SiweField.Address)]
    [InlineData("missing uri", SiweField.Uri)]
    [InlineData("missing version", SiweField.Version)]
    [InlineData("missing chainId", SiweField.ChainId)]
    [InlineData("missing nonce", SiweField.Nonce)]
    [InlineData("missing issuedAt", SiweField.IssuedAt)]
    [InlineData("out of order uri", SiweField.Uri)]
    [InlineData("out of order version", SiweField.Version)]
    [InlineData("out of order chainId", SiweField.ChainId)]
    [InlineData("out of order nonce", SiweField.Nonce)]
    [InlineData("out of order issuedAt", SiweField.IssuedAt)]
    [InlineData("out of order expirationTime", SiweField.ExpirationTime)]
    [InlineData("out of order notBefore", SiweField.NotBefore)]
    [InlineData("out of order requestId", SiweField.RequestId)]
    [InlineData("out of order resources", SiweField.NotBefore)]
    [InlineData("domain not RFC4501 authority", SiweField.Domain)]
    [InlineData("address not EIP-55", SiweField.Address)]
    [InlineData("statement has line break", SiweField.Statement)]
    [InlineData("uri is non-RFC 3986", SiweField.Uri)]
    [InlineData("version not 1", SiweField.Version)]
    [InlineData("not a valid chainId", SiweField.ChainId)]
    [InlineData("nonce with less then 8 chars", SiweField.Nonce)]
    [InlineData("non-ISO 8601 issuedAt", SiweField.IssuedAt)]
    [InlineData("non-ISO 8601 expirationTime", SiweField.ExpirationTime)]
    [InlineData("non-ISO 8601 notBefore", SiweField.NotBefore)]
    [InlineData("resources not separated by line break", SiweField.Resources)]
    [InlineData("first resource not-RFC 3986", SiweField.Resources)]
    [InlineData("second resource is not-RFC3986", SiweField.Resources)]
    public void Negative_vector_is_rejected_naming_the_field_at_fault(string name, SiweField field)
    {
        var text = SiweVectors.Case(SiweVectors.ParsingNegative, name).GetString();

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(field, error.Field);
    }
}
