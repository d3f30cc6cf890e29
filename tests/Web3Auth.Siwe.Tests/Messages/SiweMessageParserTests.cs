namespace Web3Auth.Siwe.Tests.Messages;

public class SiweMessageParserTests
{
    private const string Address = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";

    // Every field present, in order.
    private const string Full =
        "https://example.com:8443 wants you to sign in with your Ethereum account:\n" +
        Address + "\n" +
        "\n" +
        "Sign in to Example: you accept the terms at https://example.com/tos?v=2#top (and $5 fee); ok!\n" +
        "\n" +
        "URI: https://example.com:8443/login?next=%2Fhome#x\n" +
        "Version: 1\n" +
        "Chain ID: 137\n" +
        "Nonce: abcDEF123456\n" +
        "Issued At: 2024-02-29T23:59:59.123456789+05:30\n" +
        "Expiration Time: 2024-03-01T00:10:00Z\n" +
        "Not Before: 2024-02-29T18:00:00-02:00\n" +
        "Request ID: req-42:a@b%20c\n" +
        "Resources:\n" +
        "- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/\n" +
        "- urn:example:resource\n" +
        "- https://[2001:db8::1]:8080/a";

    // Only the required fields.
    private const string Minimal =
        "example.com wants you to sign in with your Ethereum account:\n" +
        Address + "\n" +
        "\n" +
        "\n" +
        "URI: https://example.com\n" +
        "Version: 1\n" +
        "Chain ID: 1\n" +
        "Nonce: 12345678\n" +
        "Issued At: 2021-09-30T16:25:24Z";

    [Fact]
    public void A_message_with_every_field_parses_to_its_fields_and_prints_back_unchanged()
    {
        var message = SiweMessage.Parse(Full);

        Assert.Equal("https", message.Scheme);
        Assert.Equal("example.com:8443", message.Domain);
        Assert.Equal(Address, message.Address.ToString());
        Assert.Equal("Sign in to Example: you accept the terms at https://example.com/tos?v=2#top (and $5 fee); ok!", message.Statement);
        Assert.Equal("https://example.com:8443/login?next=%2Fhome#x", message.Uri);
        Assert.Equal("1", message.Version);
        Assert.Equal(137UL, message.ChainId);
        Assert.Equal("abcDEF123456", message.Nonce);
        Assert.Equal("2024-02-29T23:59:59.123456789+05:30", message.IssuedAt.Text);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 18, 29, 59, TimeSpan.Zero).AddTicks(1234567), message.IssuedAt.Value);
        Assert.Equal(TimeSpan.FromMinutes(330), message.IssuedAt.Value.Offset);
        Assert.Equal("2024-03-01T00:10:00Z", message.ExpirationTime?.Text);
        Assert.Equal("2024-02-29T18:00:00-02:00", message.NotBefore?.Text);
        Assert.Equal("req-42:a@b%20c", message.RequestId);
        Assert.Equal(
            ["ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/", "urn:example:resource", "https://[2001:db8::1]:8080/a"],
            message.Resources);
        Assert.Equal(Full, message.ToString());
        Assert.Equal(Full, message.Format());
    }

    [Fact]
    public void A_message_with_only_required_fields_has_no_optional_values()
    {
        var message = SiweMessage.Parse(Minimal);

        Assert.Null(message.Scheme);
        Assert.Null(message.Statement);
        Assert.Null(message.ExpirationTime);
        Assert.Null(message.NotBefore);
        Assert.Null(message.RequestId);
        Assert.Null(message.Resources);
        Assert.Equal(Minimal, message.ToString());
    }

    [Fact]
    public void An_empty_request_id_and_an_empty_resources_section_are_kept_apart_from_absent_ones()
    {
        var text = Minimal + "\nRequest ID: \nResources:";

        var message = SiweMessage.Parse(text);

        Assert.Equal(string.Empty, message.RequestId);
        Assert.NotNull(message.Resources);
        Assert.Empty(message.Resources);
        Assert.Equal(text, message.Format());
    }

    [Fact]
    public void Four_line_feeds_after_the_address_are_an_empty_statement_and_three_are_none()
    {
        var empty = Minimal.Replace(Address + "\n\n\n", Address + "\n\n\n\n", StringComparison.Ordinal);

        Assert.Equal(string.Empty, SiweMessage.Parse(empty).Statement);
        Assert.Equal(empty, SiweMessage.Parse(empty).Format());
        Assert.Null(SiweMessage.Parse(Minimal).Statement);
    }

    [Fact]
    public void Five_line_feeds_after_the_address_are_rejected()
    {
        var text = Minimal.Replace(Address + "\n\n\n", Address + "\n\n\n\n\n", StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Uri, error.Field);
    }

    [Fact]
    public void Null_is_rejected_without_throwing()
    {
        Assert.False(SiweMessage.TryParse(null, out var message, out var error));
        Assert.Null(message);
        Assert.Equal(SiweField.Message, error.Field);
    }

    [Fact]
    public void Parse_throws_a_format_exception_that_names_the_field()
    {
        var exception = Assert.Throws<FormatException>(() => SiweMessage.Parse(Minimal.Replace("Nonce: 12345678", "Nonce: 1234", StringComparison.Ordinal)));
        Assert.StartsWith("Nonce:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_of_exactly_16_KiB_is_accepted_and_one_character_more_is_rejected()
    {
        Assert.Equal(16384, SiweMessage.MaxLength);
        var padding = SiweMessage.MaxLength - Minimal.Length - "\nRequest ID: ".Length;
        var atLimit = Minimal + "\nRequest ID: " + new string('a', padding);
        Assert.Equal(SiweMessage.MaxLength, atLimit.Length);

        Assert.True(SiweMessage.TryParse(atLimit, out _, out var error), error?.ToString());
        Assert.False(SiweMessage.TryParse(atLimit + "a", out _, out error));
        Assert.Equal(SiweField.Message, error.Field);
    }

    [Fact]
    public void A_huge_message_is_rejected_by_length_alone()
    {
        Assert.False(SiweMessage.TryParse(new string('\n', 10_000_000), out _, out var error));
        Assert.Equal(SiweField.Message, error.Field);
    }

    [Fact]
    public void Crlf_line_endings_are_rejected()
    {
        Assert.False(SiweMessage.TryParse(Minimal.Replace("\n", "\r\n", StringComparison.Ordinal), out _, out var error));
        Assert.Equal(SiweField.Message, error.Field);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData(" ")]
    public void Anything_after_the_last_field_is_rejected(string suffix)
    {
        Assert.False(SiweMessage.TryParse(Minimal + suffix, out _, out _));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("1.1.1.256")] // not an IPv4 address, but a valid reg-name
    [InlineData("user:pass@example.com:")] // RFC 3986 allows an empty port
    [InlineData("[::1]")]
    [InlineData("[2001:db8:0:0:0:0:2:1]:443")]
    [InlineData("[::ffff:192.0.2.128]")]
    [InlineData("[v1.fe80::a+en1]")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("%C3%A9t%C3%A9.example")]
    [InlineData("a!$&'()*+,;=b")]
    public void Valid_rfc_3986_authorities_are_accepted_as_the_domain(string domain)
    {
        var text = Minimal.Replace("example.com wants", domain + " wants", StringComparison.Ordinal);

        Assert.True(SiweMessage.TryParse(text, out var message, out var error), error?.ToString());
        Assert.Equal(domain, message.Domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user@")]
    [InlineData(":8080")]
    [InlineData("#example.com")]
    [InlineData("example.com/path")]
    [InlineData("example .com")]
    [InlineData("exam%2ple.com")]
    [InlineData("ex@mple@example.com")]
    [InlineData("example.com:80a")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[1:2:3:4:5:6:7:8:9]")]
    [InlineData("[1::2::3]")]
    [InlineData("[12345::]")]
    [InlineData("[::1.2.3.04]")]
    [InlineData("[fe80::1%25eth0]")]
    [InlineData("[v.x]")]
    [InlineData("éxample.com")]
    public void Invalid_authorities_are_rejected_as_the_domain(string domain)
    {
        var text = Minimal.Replace("example.com wants", domain + " wants", StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Domain, error.Field);
    }

    [Theory]
    [InlineData("1http")]
    [InlineData("ht_tp")]
    public void An_invalid_scheme_before_the_domain_is_rejected(string scheme)
    {
        var text = scheme + "://" + Minimal;

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Scheme, error.Field);
    }

    [Theory]
    [InlineData("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2")] // lowercase: not the checksum form
    [InlineData("0xC02AAA39B223FE8D0A0E5C4F27EAD9083C756CC2")] // uppercase: not the checksum form
    [InlineData("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756cc2")] // wrong checksum
    [InlineData("C02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")]
    [InlineData("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc")]
    [InlineData(" 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")]
    public void An_address_not_in_exact_eip_55_form_is_rejected(string address)
    {
        var text = Minimal.Replace(Address, address, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Address, error.Field);
    }

    [Theory]
    [InlineData("Curly {braces} are not reserved")]
    [InlineData("No \"quotes\"")]
    [InlineData("No 100% sign")]
    [InlineData("Tabs\tare not spaces")]
    [InlineData("Héllo")]
    [InlineData("Back\\slash")]
    public void A_statement_with_characters_outside_the_grammar_is_rejected(string statement)
    {
        var text = Minimal.Replace(Address + "\n\n\n", Address + "\n\n" + statement + "\n\n", StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Statement, error.Field);
    }

    [Fact]
    public void A_missing_blank_line_before_the_uri_is_reported_on_the_statement()
    {
        var text = Minimal.Replace(Address + "\n\n\n", Address + "\n\n", StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Statement, error.Field);
    }

    [Fact]
    public void A_statement_that_looks_like_a_uri_line_is_still_a_statement()
    {
        var text = Minimal.Replace(Address + "\n\n\n", Address + "\n\nURI: https://example.com\n\n", StringComparison.Ordinal);

        Assert.Equal("URI: https://example.com", SiweMessage.Parse(text).Statement);
    }

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("HTTPS://EXAMPLE.COM:443/")]
    [InlineData("urn:isbn:0451450523")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("did:pkh:eip155:1:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")]
    [InlineData("file:///etc/hosts")]
    [InlineData("a:")]
    [InlineData("a+b-c.d://x/%20?q=1/2?#f/?")]
    [InlineData("https://user:pw@[::]:0/")]
    public void Valid_rfc_3986_uris_are_accepted(string uri)
    {
        var text = Minimal.Replace("URI: https://example.com", "URI: " + uri, StringComparison.Ordinal);

        Assert.True(SiweMessage.TryParse(text, out var message, out var error), error?.ToString());
        Assert.Equal(uri, message.Uri);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":not_a_rfc3986_valid_uri_")]
    [InlineData("/relative/path")]
    [InlineData("example.com")]
    [InlineData("1https://example.com")]
    [InlineData("https://exa mple.com")]
    [InlineData("https://example.com/a b")]
    [InlineData("https://example.com/%zz")]
    [InlineData("https://example.com/%4")]
    [InlineData("https://example.com/#a#b")]
    [InlineData("https://example.com/<script>")]
    [InlineData("https://[::1/")]
    [InlineData("https://example.com:port/")]
    [InlineData("https://exämple.com/")]
    public void Invalid_uris_are_rejected(string uri)
    {
        var text = Minimal.Replace("URI: https://example.com", "URI: " + uri, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Uri, error.Field);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("01")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData(" 1")]
    public void Any_version_but_1_is_rejected(string version)
    {
        var text = Minimal.Replace("Version: 1", "Version: " + version, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Version, error.Field);
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1UL)]
    [InlineData("11155111", 11155111UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Chain_ids_up_to_the_largest_64_bit_number_are_accepted(string chainId, ulong expected)
    {
        var text = Minimal.Replace("Chain ID: 1", "Chain ID: " + chainId, StringComparison.Ordinal);

        Assert.Equal(expected, SiweMessage.Parse(text).ChainId);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999999")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("0x1")]
    [InlineData("")]
    [InlineData("1 ")]
    [InlineData("١")]
    public void Chain_ids_that_overflow_or_are_not_plain_decimals_are_rejected(string chainId)
    {
        var text = Minimal.Replace("Chain ID: 1", "Chain ID: " + chainId, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.ChainId, error.Field);
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("1234567-")]
    [InlineData("12345678 ")]
    [InlineData("1234_5678")]
    [InlineData("éééééééé")]
    [InlineData("")]
    public void A_nonce_that_is_not_at_least_8_ascii_alphanumerics_is_rejected(string nonce)
    {
        var text = Minimal.Replace("Nonce: 12345678", "Nonce: " + nonce, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(SiweField.Nonce, error.Field);
    }

    [Theory]
    [InlineData("Issued At: 2021-02-29T00:00:00Z", SiweField.IssuedAt)]
    [InlineData("Issued At: 2021-09-30 16:25:24Z", SiweField.IssuedAt)]
    [InlineData("Issued At: 2021-09-30T16:25:24", SiweField.IssuedAt)]
    [InlineData("Issued At: 1632-09-30", SiweField.IssuedAt)]
    public void An_invalid_issued_at_is_rejected(string line, SiweField field)
    {
        var text = Minimal.Replace("Issued At: 2021-09-30T16:25:24Z", line, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("\nExpiration Time: 2023-13-01T00:00:00Z", SiweField.ExpirationTime)]
    [InlineData("\nNot Before: 2023-04-31T00:00:00Z", SiweField.NotBefore)]
    [InlineData("\nRequest ID: has space", SiweField.RequestId)]
    [InlineData("\nRequest ID: a/b", SiweField.RequestId)]
    [InlineData("\nResources:\n- https://example.com\n-https://example.com", SiweField.Resources)]
    [InlineData("\nResources:\n- not a uri", SiweField.Resources)]
    [InlineData("\nResources:\n- ", SiweField.Resources)]
    [InlineData("\n- https://example.com", SiweField.Resources)]
    [InlineData("\nResources: https://example.com", SiweField.Resources)]
    [InlineData("\nNot Before: 2023-01-01T00:00:00Z\nExpiration Time: 2024-01-01T00:00:00Z", SiweField.ExpirationTime)]
    [InlineData("\nRequest ID: a\nRequest ID: b", SiweField.RequestId)]
    [InlineData("\nResources:\nResources:", SiweField.Resources)]
    [InlineData("\nNonce: 12345678", SiweField.Nonce)]
    [InlineData("\nexpiration time: 2024-01-01T00:00:00Z", SiweField.Message)]
    public void Optional_fields_that_are_invalid_misplaced_or_repeated_are_rejected_naming_the_field(string suffix, SiweField field)
    {
        Assert.False(SiweMessage.TryParse(Minimal + suffix, out _, out var error));
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("Uri: https://example.com", SiweField.Uri)]
    [InlineData("URI:https://example.com", SiweField.Uri)]
    [InlineData("URI:  https://example.com", SiweField.Uri)]
    [InlineData("Chain Id: 1", SiweField.ChainId)]
    public void Field_tags_are_case_and_space_sensitive(string line, SiweField field)
    {
        var original = field == SiweField.Uri ? "URI: https://example.com" : "Chain ID: 1";
        var text = Minimal.Replace(original, line, StringComparison.Ordinal);

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(" wants you to sign in with your Ethereum account:", SiweField.Domain)]
    [InlineData("example.com  wants you to sign in with your Ethereum account:", SiweField.Domain)]
    [InlineData("example.com wants you to sign in with your ethereum account:", SiweField.Message)]
    [InlineData("example.com wants you to sign in with your Ethereum account: ", SiweField.Message)]
    [InlineData("example.com wants you to sign in with your Ethereum account", SiweField.Message)]
    [InlineData("", SiweField.Message)]
    public void A_first_line_that_is_not_domain_and_preamble_is_rejected(string firstLine, SiweField field)
    {
        var text = firstLine + Minimal[Minimal.IndexOf('\n', StringComparison.Ordinal)..];

        Assert.False(SiweMessage.TryParse(text, out _, out var error));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_truncated_message_is_rejected_at_every_cut()
    {
        for (var length = 0; length < Full.Length; length++)
        {
            var cut = Full[..length];
            var parsed = SiweMessage.TryParse(cut, out var message, out _);

            // A few cuts end on a valid shorter message; those must print back unchanged.
            Assert.True(!parsed || message!.ToString() == cut);
        }
    }
}
