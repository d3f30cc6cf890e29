using System.Text;
using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

public class ReCapParsingTests
{
    private const string Valid = """{"att":{"https://a.example":{"x/y":[{}]}},"prf":[]}""";

    // Its payload is 70 base64url characters, so standard base64 would pad it and its last character has unused bits.
    private const string Unaligned = """{"att":{"https://a.example":{"x/yz":[{}]}},"prf":[]}""";

    private static void AssertRejected(string? uri, ReCapError expected)
    {
        var ok = Siwe.ReCap.TryParse(uri, out var recap, out var error);

        Assert.False(ok);
        Assert.Null(recap);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void The_minimal_valid_recap_is_accepted()
    {
        Assert.True(Siwe.ReCap.TryParse(UriOf(Valid), out var recap, out var error));
        Assert.Equal(ReCapError.None, error);
        Assert.Equal(["x/y"], recap.GetUnrestrictedAbilities("https://a.example"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("urn:recap")]
    [InlineData("urn:recaps:eyJ")]
    [InlineData("https://example.com")]
    [InlineData(" urn:recap:eyJ")]
    public void Text_without_the_recap_prefix_is_not_a_recap_uri(string? uri)
    {
        AssertRejected(uri, ReCapError.NotAReCapUri);
    }

    [Fact]
    public void The_prefix_must_be_lowercase()
    {
        AssertRejected("URN:RECAP:" + UriOf(Valid)["urn:recap:".Length..], ReCapError.NotAReCapUri);
        AssertRejected("urn:ReCap:" + UriOf(Valid)["urn:recap:".Length..], ReCapError.NotAReCapUri);
    }

    [Fact]
    public void Padding_is_rejected()
    {
        var uri = UriOf(Unaligned);
        Assert.True(Siwe.ReCap.TryParse(uri, out _, out _));
        var padding = new string('=', (4 - ((uri.Length - "urn:recap:".Length) % 4)) % 4);
        Assert.NotEmpty(padding); // The fixture has a length that standard base64 would pad.

        AssertRejected(uri + padding, ReCapError.PaddedBase64Url);
        AssertRejected(uri + "=", ReCapError.PaddedBase64Url);
        AssertRejected("urn:recap:====", ReCapError.PaddedBase64Url);
    }

    [Theory]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData(' ')]
    [InlineData('\n')]
    [InlineData('.')]
    [InlineData('é')]
    [InlineData('\0')]
    public void Characters_outside_the_base64url_alphabet_are_rejected(char bad)
    {
        var uri = UriOf(Valid);
        AssertRejected(uri.Insert(20, bad.ToString()), ReCapError.InvalidBase64Url);
        AssertRejected(uri + bad, ReCapError.InvalidBase64Url);
    }

    [Fact]
    public void Standard_base64_instead_of_base64url_is_rejected()
    {
        // "?>?" encodes to "Pz4/" in base64 and "Pz4_" in base64url.
        AssertRejected(UriOf(Valid) + "Pz4/", ReCapError.InvalidBase64Url);
    }

    [Fact]
    public void An_impossible_length_is_rejected()
    {
        var uri = UriOf(Valid);
        var payloadLength = uri.Length - "urn:recap:".Length;
        var suffix = new string('A', ((1 - payloadLength) % 4 + 4) % 4);
        Assert.Equal(1, (payloadLength + suffix.Length) % 4);

        AssertRejected(uri + suffix, ReCapError.InvalidBase64Url);
        AssertRejected("urn:recap:A", ReCapError.InvalidBase64Url);
    }

    [Fact]
    public void Non_zero_unused_bits_in_the_last_character_are_rejected()
    {
        var uri = UriOf(Unaligned);
        Assert.True(Siwe.ReCap.TryParse(uri, out _, out _));
        Assert.NotEqual(0, (uri.Length - "urn:recap:".Length) % 4); // The last character has unused bits.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(uri[^1], StringComparison.Ordinal);
        var altered = uri[..^1] + alphabet[last + 1];

        AssertRejected(altered, ReCapError.InvalidBase64Url);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[],}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[]}/* c */""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[]}{}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{'a':1}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\ud800"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\udc00\ud800"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":1e400}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":NaN}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":01}]}},"prf":[]}""")]
    public void Invalid_json_is_rejected(string json)
    {
        AssertRejected(UriOf(json), ReCapError.InvalidJson);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("x/y\":[{}]", "x/y\":[{\"a\":\"__\"}]", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)'_');
        bytes[at] = 0xC3; // A lead byte followed by '_' instead of a continuation byte.
        AssertRejected(UriOf(bytes), ReCapError.InvalidJson);
        AssertRejected(UriOf([0xFF, 0xFE]), ReCapError.InvalidJson);
    }

    [Fact]
    public void Json_nested_beyond_the_reader_limit_is_rejected()
    {
        var deep = new string('[', 100) + new string(']', 100);
        AssertRejected(UriOf(Valid.Replace("[{}]", "[{\"a\":" + deep + "}]", StringComparison.Ordinal)), ReCapError.InvalidJson);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"urn\"")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("""{"att":[],"prf":[]}""")]
    [InlineData("""{"att":"https://a.example","prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":["x/y"]},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":{}}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":true}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[1]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[[]]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[null]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":["{}"]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":{}}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":"bafy"}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[1]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[""]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":["ba fy"]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[null]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"ext":1,"prf":[]}""")]
    [InlineData("""{"aud":"x","att":{"https://a.example":{"x/y":[{}]}},"prf":[]}""")]
    public void Json_of_the_wrong_shape_is_rejected(string json)
    {
        AssertRejected(UriOf(json), ReCapError.InvalidShape);
    }

    [Theory]
    [InlineData("""{"att":{},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]},"https://b.example":{}},"prf":[]}""")]
    [InlineData("""{"prf":[]}""")]
    [InlineData("""{}""")]
    public void An_empty_or_missing_att_is_rejected(string json)
    {
        AssertRejected(UriOf(json), ReCapError.EmptyAttenuations);
    }

    [Theory]
    [InlineData("a.example")]
    [InlineData("")]
    [InlineData(":x")]
    [InlineData("1a:x")]
    [InlineData("https://a example")]
    [InlineData("https://a.example/%2")]
    [InlineData("https://a.example/'\\\"")]
    [InlineData("https://a.example/é")]
    public void A_resource_that_is_not_an_absolute_uri_is_rejected(string resource)
    {
        var escaped = resource.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        var json = Valid.Replace("https://a.example", escaped, StringComparison.Ordinal);
        AssertRejected(UriOf(json), ReCapError.InvalidResourceUri);
    }

    [Theory]
    [InlineData("xy")]
    [InlineData("x/")]
    [InlineData("/y")]
    [InlineData("x/y/z")]
    [InlineData("x y/z")]
    [InlineData("x/y`")]
    [InlineData("x/y^")]
    [InlineData("x/é")]
    [InlineData("")]
    public void An_ability_that_is_not_namespace_slash_action_is_rejected(string ability)
    {
        AssertRejected(UriOf(Valid.Replace("x/y", ability, StringComparison.Ordinal)), ReCapError.InvalidAbility);
    }

    [Theory]
    [InlineData("""{"prf":[],"att":{"https://a.example":{"x/y":[{}]}}}""")]
    [InlineData("""{"att":{"https://b.example":{"x/y":[{}]},"https://a.example":{"x/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]},"https://a.example":{"x/z":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/z":[{}],"x/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}],"x/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"mailto:a@b.example":{"msg/send-to":[{}],"msg/send":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"b":1,"a":2}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":1,"a":1}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":[{"d":1,"c":2}]}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"att":{"https://a.example":{"x/y":[{}]}},"prf":[]}""")]
    public void Unsorted_or_duplicate_keys_are_rejected(string json)
    {
        AssertRejected(UriOf(json), ReCapError.UnsortedKeys);
    }

    [Fact]
    public void Utf16_order_instead_of_utf8_byte_order_is_rejected()
    {
        AssertRejected(UriOf("{\"att\":{\"https://a.example\":{\"x/y\":[{\"\U0001F600\":1,\"\uFF61\":2}]}},\"prf\":[]}"), ReCapError.UnsortedKeys);
    }

    [Theory]
    [InlineData("""{ "att":{"https://a.example":{"x/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}},"prf":[]}""" + "\n")]
    [InlineData("""{"att": {"https://a.example":{"x/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{}]}}}""")]
    [InlineData("""{"att":{"https://a.example":{"x\/y":[{}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\u0041"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\u00e9"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\u001F"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":"\u000a"}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":5.0}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":1E2}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":-0}]}},"prf":[]}""")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":1e+21}]}},"prf":[]}""" + " ")]
    [InlineData("""{"att":{"https://a.example":{"x/y":[{"a":12345678901234567890}]}},"prf":[]}""")]
    public void Valid_but_non_canonical_json_is_rejected(string json)
    {
        AssertRejected(UriOf(json), ReCapError.NotCanonical);
    }

    [Fact]
    public void A_byte_order_mark_is_not_canonical()
    {
        var ok = Siwe.ReCap.TryParse(UriOf([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)]), out _, out var error);

        Assert.False(ok);
        Assert.True(error is ReCapError.NotCanonical or ReCapError.InvalidJson, error.ToString());
    }

    [Fact]
    public void Parse_throws_a_format_exception_naming_the_error()
    {
        var exception = Assert.Throws<FormatException>(() => Siwe.ReCap.Parse("urn:recap:e30="));
        Assert.Contains(nameof(ReCapError.PaddedBase64Url), exception.Message, StringComparison.Ordinal);
    }
}
