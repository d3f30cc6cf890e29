using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Messages;

public class SiweMessageValidatorTests
{
    // The private key of the web3.js documentation example, and its published address.
    private static readonly TestWallet Wallet = TestWallet.FromHex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static readonly TestWallet OtherWallet = TestWallet.FromHex("01");
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static SiweMessageBuilder Fields() => new()
    {
        Scheme = "https",
        Domain = "example.com",
        Address = Wallet.Address.ToString(),
        Statement = "Sign in to Example.",
        Uri = "https://example.com/login",
        ChainId = 1,
        Nonce = "n0nce1234",
        IssuedAt = Text(Now.AddMinutes(-1)),
        ExpirationTime = Text(Now.AddMinutes(10)),
        NotBefore = Text(Now.AddMinutes(-1)),
    };

    private static SiweValidationParameters Expected() => new()
    {
        ExpectedDomain = "example.com",
        ExpectedUriOrigin = "https://example.com",
        AllowedChainIds = new HashSet<ulong> { 1, 10 },
        ExpectedNonce = "n0nce1234",
    };

    private static string Text(DateTimeOffset instant) => SiweTimestamp.FromDateTimeOffset(instant).Text;

    private static SiweMessage With(Action<SiweMessageBuilder> change)
    {
        var fields = Fields();
        change(fields);
        return fields.Build();
    }

    private static SiweValidationResult Validate(
        SiweMessage message, SiweValidationParameters? parameters = null, DateTimeOffset? at = null, TestWallet? signer = null) =>
        SiweMessageValidator.Validate(
            message, (signer ?? Wallet).Sign(message.ToString()), parameters ?? Expected(), new ManualTimeProvider(at ?? Now));

    [Fact]
    public void The_test_wallet_derives_the_published_addresses_of_known_keys()
    {
        Assert.Equal("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", Wallet.Address.ToString());
        Assert.Equal("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", OtherWallet.Address.ToString());
    }

    [Fact]
    public void A_message_signed_by_its_address_and_meeting_every_expectation_is_valid()
    {
        var message = Fields().Build();

        var result = Validate(message);

        Assert.True(result.IsValid, result.ToString());
        Assert.Same(message, result.Message);
        Assert.Null(result.ErrorCode);
        Assert.Equal("valid", result.ToString());
    }

    [Fact]
    public void Message_text_and_hexadecimal_signature_are_validated_as_received()
    {
        var text = Fields().Build().ToString();
        var signature = Wallet.SignPersonalMessage(text);

        var result = SiweMessageValidator.Validate(text, signature, Expected(), new ManualTimeProvider(Now));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Wallet.Address, result.Message.Address);
    }

    [Fact]
    public void Signatures_from_random_wallets_over_random_nonces_validate()
    {
        for (var i = 0; i < 20; i++)
        {
            var wallet = TestWallet.Random();
            var nonce = Convert.ToHexString(Guid.NewGuid().ToByteArray());
            var message = With(f => { f.Address = wallet.Address.ToString(); f.Nonce = nonce; });

            var result = Validate(message, Expected() with { ExpectedNonce = nonce }, signer: wallet);

            Assert.True(result.IsValid, result.ToString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a message")]
    [InlineData("example.com wants you to sign in with your Ethereum account:\n")]
    public void Text_that_is_not_an_eip_4361_message_is_malformed(string? text)
    {
        var result = SiweMessageValidator.Validate(text, "0x00", Expected(), new ManualTimeProvider(Now));

        Assert.Equal(SiweErrorCode.MalformedMessage, result.ErrorCode);
        Assert.NotNull(result.ParseError);
        Assert.Null(result.Message);
        Assert.StartsWith("malformed_message: ", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void A_signature_of_the_wrong_length_is_invalid(int length)
    {
        var result = SiweMessageValidator.Validate(Fields().Build(), new byte[length], Expected(), new ManualTimeProvider(Now));

        Assert.Equal(SiweErrorCode.InvalidSignature, result.ErrorCode);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(255)]
    public void A_signature_with_an_unknown_recovery_byte_is_invalid(byte v)
    {
        var message = Fields().Build();
        var signature = Wallet.Sign(message.ToString());
        signature[64] = v;

        var result = SiweMessageValidator.Validate(message, signature, Expected(), new ManualTimeProvider(Now));

        Assert.Equal(SiweErrorCode.InvalidSignature, result.ErrorCode);
    }

    [Fact]
    public void A_signature_with_a_zero_r_is_invalid()
    {
        var message = Fields().Build();
        var signature = Wallet.Sign(message.ToString());
        Array.Clear(signature, 0, 32);

        Assert.Equal(SiweErrorCode.InvalidSignature, SiweMessageValidator.Validate(message, signature, Expected(), new ManualTimeProvider(Now)).ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0xzz")]
    [InlineData("0x123")]
    public void A_signature_that_is_not_65_bytes_of_hexadecimal_is_invalid(string? signature)
    {
        var result = SiweMessageValidator.Validate(Fields().Build(), signature, Expected(), new ManualTimeProvider(Now));

        Assert.Equal(SiweErrorCode.InvalidSignature, result.ErrorCode);
    }

    [Fact]
    public void A_valid_signature_by_another_account_is_an_address_mismatch()
    {
        var result = Validate(Fields().Build(), signer: OtherWallet);

        Assert.Equal(SiweErrorCode.AddressMismatch, result.ErrorCode);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public void A_signature_over_other_text_is_an_address_mismatch()
    {
        var message = Fields().Build();
        var signatureOfAnotherMessage = Wallet.Sign(With(f => f.Statement = "Sign in to Evil.").ToString());

        var result = SiweMessageValidator.Validate(message, signatureOfAnotherMessage, Expected(), new ManualTimeProvider(Now));

        Assert.Equal(SiweErrorCode.AddressMismatch, result.ErrorCode);
    }

    [Fact]
    public void The_signature_is_checked_over_the_exact_text_received()
    {
        // Same fields, but an Issued At written differently: a re-rendered text would not match the signature.
        var text = Fields().Build().ToString().Replace(".000Z\nExpiration", "Z\nExpiration", StringComparison.Ordinal);
        var signature = Wallet.SignPersonalMessage(text);

        var result = SiweMessageValidator.Validate(text, signature, Expected(), new ManualTimeProvider(Now));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(text, result.Message.ToString());
    }

    [Fact]
    public void A_message_is_expired_once_the_expiration_time_plus_the_clock_skew_is_reached()
    {
        var message = Fields().Build();
        var expiry = message.ExpirationTime!.Value.Value + SiweValidationParameters.DefaultClockSkew;

        Assert.True(Validate(message, at: expiry.AddTicks(-1)).IsValid);
        Assert.Equal(SiweErrorCode.ExpiredMessage, Validate(message, at: expiry).ErrorCode);
        Assert.Equal(SiweErrorCode.ExpiredMessage, Validate(message, Expected() with { ClockSkew = TimeSpan.Zero }, at: expiry.AddMinutes(-1)).ErrorCode);
    }

    [Fact]
    public void A_message_is_not_yet_valid_before_not_before_minus_the_clock_skew()
    {
        var message = With(f => f.NotBefore = Text(Now.AddMinutes(5)));
        var start = message.NotBefore!.Value.Value - SiweValidationParameters.DefaultClockSkew;

        Assert.Equal(SiweErrorCode.NotYetValid, Validate(message, at: start.AddTicks(-1)).ErrorCode);
        Assert.True(Validate(message, at: start).IsValid);
    }

    [Fact]
    public void A_message_issued_in_the_future_beyond_the_clock_skew_is_refused_unless_the_check_is_off()
    {
        var farFuture = With(f => { f.IssuedAt = Text(Now.AddMinutes(2)); f.NotBefore = null; });
        var nearFuture = With(f => { f.IssuedAt = Text(Now.AddSeconds(30)); f.NotBefore = null; });

        Assert.Equal(SiweErrorCode.IssuedInFuture, Validate(farFuture).ErrorCode);
        Assert.True(Validate(farFuture, Expected() with { RejectIssuedInFuture = false }).IsValid);
        Assert.True(Validate(nearFuture).IsValid);
    }

    [Fact]
    public void Time_checks_compare_instants_whatever_the_offset_written()
    {
        var message = With(f => f.ExpirationTime = "2024-06-01T17:30:00+05:00"); // 12:30Z

        Assert.True(Validate(message, at: new DateTimeOffset(2024, 6, 1, 12, 29, 0, TimeSpan.Zero)).IsValid);
        Assert.Equal(SiweErrorCode.ExpiredMessage, Validate(message, at: new DateTimeOffset(2024, 6, 1, 12, 31, 0, TimeSpan.Zero)).ErrorCode);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("example.com:443")]
    [InlineData("EXAMPLE.COM")]
    [InlineData("www.example.com")]
    public void A_message_for_another_domain_is_a_domain_mismatch(string expectedDomain)
    {
        var result = Validate(Fields().Build(), Expected() with { ExpectedDomain = expectedDomain });

        Assert.Equal(SiweErrorCode.DomainMismatch, result.ErrorCode);
    }

    [Fact]
    public void A_message_stating_another_scheme_is_a_scheme_mismatch()
    {
        var http = With(f => f.Scheme = "http");

        Assert.Equal(SiweErrorCode.SchemeMismatch, Validate(http).ErrorCode);
        Assert.True(Validate(http, Expected() with { ExpectedScheme = null }).IsValid);
        Assert.True(Validate(With(f => f.Scheme = "HTTPS")).IsValid);
        Assert.True(Validate(With(f => f.Scheme = null)).IsValid);
    }

    [Theory]
    [InlineData("https://evil.example/login")]
    [InlineData("http://example.com/login")]
    [InlineData("https://example.com:8443/login")]
    [InlineData("https://example.com.evil.example/login")]
    [InlineData("urn:example:login")]
    [InlineData("https:/example.com/login")]
    public void A_uri_on_another_origin_is_a_uri_mismatch(string uri)
    {
        var result = Validate(With(f => f.Uri = uri));

        Assert.Equal(SiweErrorCode.UriMismatch, result.ErrorCode);
    }

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("https://example.com:443/login")]
    [InlineData("HTTPS://Example.COM/login?x=1#y")]
    [InlineData("https://someone@example.com/")]
    public void A_uri_on_the_expected_origin_matches_whatever_its_path(string uri)
    {
        Assert.True(Validate(With(f => f.Uri = uri)).IsValid);
    }

    [Fact]
    public void The_origin_of_a_uri_with_an_explicit_non_default_port_must_name_that_port()
    {
        var parameters = Expected() with { ExpectedUriOrigin = "http://localhost:5000", ExpectedDomain = "localhost:5000", ExpectedScheme = "http" };

        Assert.True(Validate(With(f => { f.Uri = "http://localhost:5000/"; f.Domain = "localhost:5000"; f.Scheme = "http"; }), parameters).IsValid);
        Assert.Equal(
            SiweErrorCode.UriMismatch,
            Validate(With(f => { f.Uri = "http://localhost/"; f.Domain = "localhost:5000"; f.Scheme = "http"; }), parameters).ErrorCode);
    }

    [Fact]
    public void Without_an_expected_origin_the_uri_is_not_checked()
    {
        Assert.True(Validate(With(f => f.Uri = "urn:anything"), Expected() with { ExpectedUriOrigin = null }).IsValid);
    }

    [Fact]
    public void A_chain_outside_the_allowed_set_is_not_allowed()
    {
        var goerli = With(f => f.ChainId = 5);

        Assert.Equal(SiweErrorCode.ChainNotAllowed, Validate(goerli).ErrorCode);
        Assert.True(Validate(With(f => f.ChainId = 10)).IsValid);
        Assert.True(Validate(goerli, Expected() with { AllowedChainIds = null }).IsValid);
        Assert.Equal(SiweErrorCode.ChainNotAllowed, Validate(goerli, Expected() with { AllowedChainIds = new HashSet<ulong>() }).ErrorCode);
    }

    [Theory]
    [InlineData("n0nce1235")]
    [InlineData("N0NCE1234")]
    [InlineData("n0nce12345")]
    public void Another_nonce_is_a_nonce_mismatch(string expectedNonce)
    {
        Assert.Equal(SiweErrorCode.NonceMismatch, Validate(Fields().Build(), Expected() with { ExpectedNonce = expectedNonce }).ErrorCode);
    }

    [Fact]
    public void Without_an_expected_nonce_the_nonce_is_left_to_the_caller()
    {
        Assert.True(Validate(Fields().Build(), Expected() with { ExpectedNonce = null }).IsValid);
    }

    [Fact]
    public void Claims_are_checked_before_the_signature()
    {
        var message = Fields().Build();
        var badSignature = new byte[65];
        var time = new ManualTimeProvider(Now);

        Assert.Equal(SiweErrorCode.DomainMismatch, SiweMessageValidator.Validate(message, badSignature, Expected() with { ExpectedDomain = "x.example" }, time).ErrorCode);
        Assert.Equal(SiweErrorCode.NonceMismatch, SiweMessageValidator.Validate(message, "not hex", Expected() with { ExpectedNonce = "other123" }, time).ErrorCode);
        Assert.Equal(SiweErrorCode.ExpiredMessage, SiweMessageValidator.Validate(message, badSignature, Expected(), new ManualTimeProvider(Now.AddDays(1))).ErrorCode);
    }

    [Fact]
    public void Claims_are_checked_in_the_documented_order()
    {
        var everythingWrong = With(f =>
        {
            f.Scheme = "http";
            f.Uri = "https://evil.example/";
            f.ChainId = 5;
            f.Nonce = "othernonce";
            f.ExpirationTime = Text(Now.AddDays(-1));
            f.IssuedAt = Text(Now.AddDays(-2));
            f.NotBefore = null;
        });
        var parameters = Expected();

        Assert.Equal(SiweErrorCode.DomainMismatch, Validate(everythingWrong, parameters with { ExpectedDomain = "x.example" }).ErrorCode);
        Assert.Equal(SiweErrorCode.SchemeMismatch, Validate(everythingWrong, parameters).ErrorCode);
        parameters = parameters with { ExpectedScheme = null };
        Assert.Equal(SiweErrorCode.UriMismatch, Validate(everythingWrong, parameters).ErrorCode);
        parameters = parameters with { ExpectedUriOrigin = null };
        Assert.Equal(SiweErrorCode.ChainNotAllowed, Validate(everythingWrong, parameters).ErrorCode);
        parameters = parameters with { AllowedChainIds = null };
        Assert.Equal(SiweErrorCode.NonceMismatch, Validate(everythingWrong, parameters).ErrorCode);
        parameters = parameters with { ExpectedNonce = null };
        Assert.Equal(SiweErrorCode.ExpiredMessage, Validate(everythingWrong, parameters).ErrorCode);
    }

    public static TheoryData<string, SiweValidationParameters> InvalidParameters => new()
    {
        { nameof(SiweValidationParameters.ExpectedDomain), new() { ExpectedDomain = "" } },
        { nameof(SiweValidationParameters.ExpectedDomain), new() { ExpectedDomain = "https://example.com" } },
        { nameof(SiweValidationParameters.ExpectedScheme), new() { ExpectedDomain = "example.com", ExpectedScheme = "https://" } },
        { nameof(SiweValidationParameters.ExpectedUriOrigin), new() { ExpectedDomain = "example.com", ExpectedUriOrigin = "example.com" } },
        { nameof(SiweValidationParameters.ExpectedUriOrigin), new() { ExpectedDomain = "example.com", ExpectedUriOrigin = "https://example.com/login" } },
        { nameof(SiweValidationParameters.ExpectedUriOrigin), new() { ExpectedDomain = "example.com", ExpectedUriOrigin = "https://example.com/?a" } },
        { nameof(SiweValidationParameters.ExpectedUriOrigin), new() { ExpectedDomain = "example.com", ExpectedUriOrigin = "urn:x" } },
        { nameof(SiweValidationParameters.ClockSkew), new() { ExpectedDomain = "example.com", ClockSkew = TimeSpan.FromSeconds(-1) } },
    };

    [Theory]
    [MemberData(nameof(InvalidParameters))]
    public void Invalid_parameters_are_a_configuration_error_naming_the_setting(string setting, SiweValidationParameters parameters)
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            SiweMessageValidator.Validate(Fields().Build(), new byte[65], parameters, new ManualTimeProvider(Now)));

        Assert.Equal(setting, exception.ParamName);
    }

    [Fact]
    public void The_default_parameters_expect_https_a_one_minute_skew_and_no_future_issued_at()
    {
        var parameters = new SiweValidationParameters { ExpectedDomain = "example.com" };

        Assert.Equal("https", parameters.ExpectedScheme);
        Assert.Equal(TimeSpan.FromMinutes(1), parameters.ClockSkew);
        Assert.True(parameters.RejectIssuedInFuture);
        Assert.Null(parameters.ExpectedUriOrigin);
        Assert.Null(parameters.AllowedChainIds);
        Assert.Null(parameters.ExpectedNonce);
        parameters.Validate();
    }

    [Fact]
    public void Claims_alone_validate_whatever_the_signature_for_callers_that_verify_it_another_way()
    {
        var message = Fields().Build();

        var result = SiweMessageValidator.ValidateClaims(message, Expected(), new ManualTimeProvider(Now));

        Assert.True(result.IsValid, result.ToString());
        Assert.Same(message, result.Message);
    }

    public static TheoryData<string, Action<SiweMessageBuilder>> ClaimTamperings => new()
    {
        { "domain", b => b.Domain = "evil.example" },
        { "uri", b => b.Uri = "https://evil.example/login" },
        { "chain", b => b.ChainId = 5 },
        { "nonce", b => b.Nonce = "othernonce1" },
        { "expiry", b => b.ExpirationTime = Text(Now.AddMinutes(-5)) },
        { "not before", b => b.NotBefore = Text(Now.AddMinutes(5)) },
        { "issued at", b => b.IssuedAt = Text(Now.AddMinutes(5)) },
    };

    [Theory]
    [MemberData(nameof(ClaimTamperings))]
    public void Claims_alone_fail_with_the_same_code_as_the_full_validation(string claim, Action<SiweMessageBuilder> tamper)
    {
        var message = With(tamper);

        var claims = SiweMessageValidator.ValidateClaims(message, Expected(), new ManualTimeProvider(Now));

        Assert.False(claims.IsValid, claim);
        Assert.Equal(Validate(message).ErrorCode, claims.ErrorCode);
    }
}
