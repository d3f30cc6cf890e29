using System.Text;
using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

public class ReCapEncodingTests
{
    [Fact]
    public void Abilities_for_one_target_are_granted_without_restriction()
    {
        var recap = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/write", "profile/read", "billing/read"]);

        Assert.Equal(
            """{"att":{"https://app.example.com":{"billing/read":[{}],"profile/read":[{}],"profile/write":[{}]}},"prf":[]}""",
            recap.ToCanonicalJson());
    }

    [Fact]
    public void Repeated_abilities_are_granted_once()
    {
        var recap = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read", "profile/read"]);

        Assert.Equal(["profile/read"], recap.GetAbilities("https://app.example.com"));
        Assert.Single(recap.Attenuations["https://app.example.com"]["profile/read"]);
    }

    [Fact]
    public void The_uri_is_unpadded_base64url_of_the_canonical_json()
    {
        var recap = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"]);

        Assert.Equal(UriOf(recap.ToCanonicalJson()), recap.ToResourceUri());
        Assert.StartsWith("urn:recap:", recap.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('=', recap.ToResourceUri());
    }

    [Fact]
    public void A_shorter_key_sorts_before_the_keys_it_prefixes()
    {
        // EIP-5573: "msg/send comes before msg/send-to", although '-' (0x2D) sorts before '/' (0x2F) character-wise.
        var recap = Siwe.ReCap.ForAbilities("mailto:a@example.com", ["msg/send-to", "msg/send", "msg/receive"]);

        Assert.Equal(
            """{"att":{"mailto:a@example.com":{"msg/receive":[{}],"msg/send":[{}],"msg/send-to":[{}]}},"prf":[]}""",
            recap.ToCanonicalJson());
    }

    [Fact]
    public void Keys_sort_by_byte_value_so_uppercase_precedes_lowercase_and_punctuation_precedes_letters()
    {
        var recap = Siwe.ReCap.ForAbilities("https://a.example", ["b/x", "B/x", "a.b/x", "a/x", "a-b/x", "9/x"]);

        Assert.Equal(["9/x", "B/x", "a-b/x", "a.b/x", "a/x", "b/x"], recap.GetAbilities("https://a.example"));
    }

    [Fact]
    public void Resources_sort_like_abilities()
    {
        var recap = Siwe.ReCap.ForAbilities("https://b.example", ["x/y"])
            .WithAbility("https://a.example/path", "x/y")
            .WithAbility("https://a.example", "x/y")
            .WithAbility("did:key:z6Mk", "x/y");

        Assert.Equal(["did:key:z6Mk", "https://a.example", "https://a.example/path", "https://b.example"], recap.Attenuations.Keys);
    }

    [Fact]
    public void Caveat_keys_are_sorted_at_every_depth()
    {
        var recap = Siwe.ReCap.ForAbility(
            "https://a.example", "x/y", [Json("""{"z":{"b":1,"a":[{"d":true,"c":null}]},"a":"s"}""")]);

        Assert.Equal(
            """{"att":{"https://a.example":{"x/y":[{"a":"s","z":{"a":[{"c":null,"d":true}],"b":1}}]}},"prf":[]}""",
            recap.ToCanonicalJson());
    }

    [Fact]
    public void Keys_above_the_basic_plane_sort_after_private_use_characters_as_utf8_bytes_do()
    {
        // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80: byte order puts the emoji last
        // (UTF-16 code-unit order would put it first).
        var recap = Siwe.ReCap.ForAbility("https://a.example", "x/y", [Json("{\"\U0001F600\":1,\"\uFF61\":2}")]);

        Assert.EndsWith("[{\"\uFF61\":2,\"\U0001F600\":1}]}},\"prf\":[]}", recap.ToCanonicalJson(), StringComparison.Ordinal);
        Assert.True(Siwe.ReCap.TryParse(recap.ToResourceUri(), out _, out _));
    }

    [Fact]
    public void Strings_are_escaped_as_json_stringify_does()
    {
        var caveat = Json("""{"s":"q\" b\\ \b\f\n\r\t \u0001\u001f \u007f é \u2028 + < > & ' / \ud83d\ude00"}""");

        var recap = Siwe.ReCap.ForAbility("https://a.example", "x/y", [caveat]);

        Assert.Contains(
            "{\"s\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \u007f é \u2028 + < > & ' / \U0001F600\"}",
            recap.ToCanonicalJson(),
            StringComparison.Ordinal);
        Assert.Equal(recap, Siwe.ReCap.Parse(recap.ToResourceUri()));
    }

    [Theory]
    [InlineData(5.0, "5")]
    [InlineData(-5.0, "-5")]
    [InlineData(-0.0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1.23e-18, "1.23e-18")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_are_written_as_ecmascript_number_to_string(double value, string expected)
    {
        var json = new StringBuilder();
        Assert.True(ReCapCanonicalJson.TryWriteNumber(json, value));
        Assert.Equal(expected, json.ToString());
    }

    [Fact]
    public void Caveat_numbers_are_normalized_when_built()
    {
        var recap = Siwe.ReCap.ForAbility("https://a.example", "x/y", [Json("""{"a":5.0,"b":1E2,"c":-0,"d":12345678901234567890}""")]);

        Assert.Contains("""{"a":5,"b":100,"c":0,"d":12345678901234567000}""", recap.ToCanonicalJson(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void A_recap_survives_a_round_trip_through_its_uri(string name, Siwe.ReCap recap)
    {
        Assert.NotNull(name);
        Assert.True(Siwe.ReCap.TryParse(recap.ToResourceUri(), out var parsed, out var error), error.ToString());

        Assert.Equal(recap, parsed);
        Assert.Equal(recap.ToResourceUri(), parsed.ToResourceUri());
        Assert.Equal(recap.Attenuations.Keys, parsed.Attenuations.Keys);
        Assert.Equal<string>(recap.Proofs, parsed.Proofs);
        Assert.Equal(recap.GetHashCode(), parsed.GetHashCode());
    }

    public static TheoryData<string, Siwe.ReCap> RoundTripCases() => new()
    {
        { "one ability", Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"]) },
        { "all ability characters", Siwe.ReCap.ForAbilities("https://app.example.com", ["a.b*c_d+e-f/G.H*I_J+K-L", "*/*"]) },
        { "siwe example", BuildSiweExample() },
        { "details example", BuildDetailsExample() },
        { "proofs", Siwe.ReCap.ForAbilities("did:key:z6Mk", ["kv/get"]).WithProof("bafy1").WithProof("zdj7").WithProof("bafy1") },
        { "odd uri characters", Siwe.ReCap.ForAbilities("https://u:p@a.example:8443/p%20a;x=1/?q=a+b&c=[d]#f!$'()*,~", ["x/y"]) },
        {
            "rich caveats",
            Siwe.ReCap.ForAbility("https://a.example", "x/y", [Json("""{"n":[1,-2.5,1e-7,1e21,true,false,null,"",{}],"u":"\u00e9\u4e2d\ud83d\ude00","":[]}"""), Json("{}")])
        },
    };

    [Fact]
    public void Caveats_may_nest_as_deep_as_the_decoder_reads()
    {
        var deepest = Json(new string('[', ReCapCanonicalJson.MaxCaveatDepth - 1).Insert(0, "{\"a\":") + new string(']', ReCapCanonicalJson.MaxCaveatDepth - 1) + "}");
        var recap = Siwe.ReCap.ForAbility("https://a.example", "x/y", [deepest]);

        Assert.Equal(recap, Siwe.ReCap.Parse(recap.ToResourceUri()));
    }

    [Fact]
    public void Caveats_deeper_than_the_decoder_reads_are_refused_when_built()
    {
        var tooDeep = Json(new string('[', ReCapCanonicalJson.MaxCaveatDepth).Insert(0, "{\"a\":") + new string(']', ReCapCanonicalJson.MaxCaveatDepth) + "}");

        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbility("https://a.example", "x/y", [tooDeep]));
    }

    [Fact]
    public void Equal_capabilities_built_in_different_orders_are_equal()
    {
        var a = Siwe.ReCap.ForAbilities("https://a.example", ["x/b", "x/a"]);
        var b = Siwe.ReCap.ForAbilities("https://a.example", ["x/a"]).WithAbility("https://a.example", "x/b");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.NotEqual(a, a.WithProof("bafy"));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void A_built_recap_does_not_depend_on_the_callers_json_document()
    {
        Siwe.ReCap recap;
        using (var document = System.Text.Json.JsonDocument.Parse("""{"max":3}"""))
        {
            recap = Siwe.ReCap.ForAbility("https://a.example", "x/y", [document.RootElement]);
        }

        Assert.Equal(3, recap.Attenuations["https://a.example"]["x/y"][0].GetProperty("max").GetInt32());
    }
}
