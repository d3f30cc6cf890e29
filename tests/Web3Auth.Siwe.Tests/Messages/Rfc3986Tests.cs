namespace Web3Auth.Siwe.Tests.Messages;

public class Rfc3986Tests
{
    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("::cafe")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    [InlineData("::1.2.3.4")]
    [InlineData("1::2:3:4:5:1.2.3.4")]
    [InlineData("::ffff:255.255.255.255")]
    [InlineData("FEDC:BA98:7654:3210:FEDC:BA98:7654:3210")]
    public void Valid_ipv6_addresses_are_accepted(string address)
    {
        Assert.True(Rfc3986.IsIpv6Address(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("::1:2:3:4:5:6:7:8")]
    [InlineData("1::2::3")]
    [InlineData(":1::")]
    [InlineData("1::2:")]
    [InlineData("12345::")]
    [InlineData("g::")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("1::2:3:4:5:6:1.2.3.4")]
    [InlineData("::1.2.3")]
    [InlineData("::1.2.3.256")]
    [InlineData("::01.2.3.4")]
    [InlineData("::1.2.3.4:1")]
    [InlineData("1.2.3.4::")]
    [InlineData("fe80::1%25eth0")]
    public void Invalid_ipv6_addresses_are_rejected(string address)
    {
        Assert.False(Rfc3986.IsIpv6Address(address));
    }

    [Theory]
    [InlineData("https://example.com", "https", "example.com", null, true)]
    [InlineData("https://example.com/", "https", "example.com", null, true)]
    [InlineData("http://u:p@[::1]:8080", "http", "[::1]", "8080", true)]
    [InlineData("https://example.com:/login", "https", "example.com", null, false)]
    [InlineData("https://example.com?x", "https", "example.com", null, false)]
    [InlineData("urn:a:b", "urn", null, null, false)]
    public void The_origin_of_a_uri_is_its_scheme_host_and_port(string uri, string scheme, string? host, string? port, bool bare)
    {
        Assert.True(Rfc3986.TryGetOrigin(uri, out var origin, out var pathQueryFragmentEmpty));

        Assert.Equal(new Rfc3986.UriOrigin(scheme, host, port), origin);
        Assert.Equal(bare, pathQueryFragmentEmpty);
    }

    [Fact]
    public void System_uri_accepts_a_uri_that_rfc_3986_rejects_which_is_why_the_checker_exists()
    {
        const string Bad = "https://example.com/a b";

        Assert.True(Uri.TryCreate(Bad, UriKind.Absolute, out _));
        Assert.False(Rfc3986.IsUri(Bad));
        Assert.False(Rfc3986.IsUri(":not_a_rfc3986_valid_uri_"));
    }
}
