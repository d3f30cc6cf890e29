namespace Web3Auth.Siwe.Tests.Messages;

public class SiweMessageBuilderTests
{
    private static SiweMessageBuilder Valid() => new()
    {
        Domain = "example.com",
        Address = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
        Uri = "https://example.com/login",
        ChainId = 1,
        Nonce = "abcdefgh",
        IssuedAt = "2021-09-30T16:25:24Z",
    };

    [Fact]
    public void A_builder_with_the_required_fields_makes_the_minimal_message()
    {
        var message = Valid().Build();

        Assert.Equal(
            "example.com wants you to sign in with your Ethereum account:\n" +
            "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\n\n" +
            "URI: https://example.com/login\nVersion: 1\nChain ID: 1\nNonce: abcdefgh\nIssued At: 2021-09-30T16:25:24Z",
            message.ToString());
    }

    [Fact]
    public void Every_optional_field_is_written_in_the_order_of_eip_4361()
    {
        var builder = Valid();
        builder.Scheme = "https";
        builder.Statement = "Hi.";
        builder.ExpirationTime = "2021-10-01T00:00:00Z";
        builder.NotBefore = "2021-09-30T00:00:00Z";
        builder.RequestId = "r1";
        builder.Resources = ["https://a.example/1", "urn:x"];

        Assert.Equal(
            "https://example.com wants you to sign in with your Ethereum account:\n" +
            "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\nHi.\n\n" +
            "URI: https://example.com/login\nVersion: 1\nChain ID: 1\nNonce: abcdefgh\nIssued At: 2021-09-30T16:25:24Z\n" +
            "Expiration Time: 2021-10-01T00:00:00Z\nNot Before: 2021-09-30T00:00:00Z\nRequest ID: r1\n" +
            "Resources:\n- https://a.example/1\n- urn:x",
            builder.ToMessage());
    }

    [Fact]
    public void A_builder_made_from_a_message_rebuilds_the_same_text()
    {
        var original = Valid();
        original.Statement = "Hello";
        original.Resources = [];
        var message = original.Build();

        Assert.Equal(message, new SiweMessageBuilder(message).Build());
    }

    [Fact]
    public void The_message_keeps_its_own_copy_of_the_resources()
    {
        var builder = Valid();
        builder.Resources = ["urn:a"];
        var message = builder.Build();

        builder.Resources.Add("urn:b");

        Assert.Equal(["urn:a"], message.Resources);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)message.Resources!).Add("urn:c"));
    }

    [Fact]
    public void Typed_values_convert_to_the_text_the_builder_takes()
    {
        var account = EthereumAddress.Parse("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2");
        var now = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var builder = Valid();
        builder.Address = account.ToString();
        builder.IssuedAt = SiweTimestamp.FromDateTimeOffset(now).Text;

        var message = builder.Build();

        Assert.Equal(account, message.Address);
        Assert.Equal(now, message.IssuedAt.Value);
    }

    public static TheoryData<string, Action<SiweMessageBuilder>> InvalidFields => new()
    {
        { nameof(SiweField.Scheme), b => b.Scheme = "" },
        { nameof(SiweField.Scheme), b => b.Scheme = "https:" },
        { nameof(SiweField.Domain), b => b.Domain = null },
        { nameof(SiweField.Domain), b => b.Domain = "https://example.com" },
        { nameof(SiweField.Domain), b => b.Domain = "example.com\nx" },
        { nameof(SiweField.Address), b => b.Address = null },
        { nameof(SiweField.Address), b => b.Address = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2" },
        { nameof(SiweField.Statement), b => b.Statement = "tab\there" },
        { nameof(SiweField.Statement), b => b.Statement = "two\nlines" },
        { nameof(SiweField.Uri), b => b.Uri = null },
        { nameof(SiweField.Uri), b => b.Uri = "https://example.com/\nVersion: 1" },
        { nameof(SiweField.Version), b => b.Version = null },
        { nameof(SiweField.Version), b => b.Version = "2" },
        { nameof(SiweField.ChainId), b => b.ChainId = null },
        { nameof(SiweField.Nonce), b => b.Nonce = null },
        { nameof(SiweField.Nonce), b => b.Nonce = "short" },
        { nameof(SiweField.IssuedAt), b => b.IssuedAt = null },
        { nameof(SiweField.IssuedAt), b => b.IssuedAt = "2022-02-31T17:09:38.578Z" },
        { nameof(SiweField.ExpirationTime), b => b.ExpirationTime = "tomorrow" },
        { nameof(SiweField.NotBefore), b => b.NotBefore = "2021-09-30T16:25:24Z\nx" },
        { nameof(SiweField.RequestId), b => b.RequestId = "a b" },
        { nameof(SiweField.Resources), b => b.Resources = ["urn:ok", "not a uri"] },
        { nameof(SiweField.Resources), b => b.Resources = [null!] },
        { nameof(SiweField.Message), b => b.Resources = Enumerable.Repeat("urn:" + new string('a', 100), 200).ToList() },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void An_invalid_field_is_rejected_naming_the_field(string field, Action<SiweMessageBuilder> spoil)
    {
        var builder = Valid();
        spoil(builder);

        Assert.False(builder.TryBuild(out var message, out var error));
        Assert.Null(message);
        Assert.Equal(field, error.Field.ToString());
        var exception = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Equal(field, exception.ParamName);
    }
}
