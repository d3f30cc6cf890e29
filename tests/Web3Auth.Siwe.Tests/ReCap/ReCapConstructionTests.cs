using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

public class ReCapConstructionTests
{
    [Theory]
    [InlineData("app.example.com")]
    [InlineData("")]
    [InlineData(":x")]
    [InlineData("1https://a.example")]
    [InlineData("https://a example")]
    [InlineData("https://a.example/%zz")]
    [InlineData("https://a.example/\"quoted\"")]
    [InlineData("https://a.example/\n")]
    [InlineData("https://a.example/é")]
    public void An_invalid_target_uri_is_refused(string targetUri)
    {
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbilities(targetUri, ["profile/read"]));
    }

    [Theory]
    [InlineData("read")]
    [InlineData("/read")]
    [InlineData("profile/")]
    [InlineData("a/b/c")]
    [InlineData("pro file/read")]
    [InlineData("profile/re'ad")]
    [InlineData("a/[")]
    [InlineData("é/x")]
    [InlineData("")]
    public void An_invalid_ability_is_refused(string ability)
    {
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbilities("https://a.example", [ability]));
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbility("https://a.example", ability, []));
    }

    [Fact]
    public void A_recap_without_abilities_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbilities("https://a.example", []));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Siwe.ReCap.ForAbilities(null!, ["a/b"]));
        Assert.Throws<ArgumentNullException>(() => Siwe.ReCap.ForAbilities("https://a.example", null!));
        Assert.Throws<ArgumentNullException>(() => Siwe.ReCap.ForAbilities("https://a.example", [null!]));
        Assert.Throws<ArgumentNullException>(() => Siwe.ReCap.ForAbilities("https://a.example", ["a/b"]).WithProof(null!));
        Assert.Throws<ArgumentNullException>(() => Siwe.ReCap.ForAbilities("https://a.example", ["a/b"]).Merge(null!));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("\"s\"")]
    [InlineData("null")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":{"b":1,"b":1}}""")]
    [InlineData("""{"a":1e400}""")]
    [InlineData("""{"a":"\ud800"}""")]
    public void A_caveat_that_is_not_a_canonically_writable_object_is_refused(string caveat)
    {
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbility("https://a.example", "x/y", [Json(caveat)]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bafy 1")]
    [InlineData("bafy\n")]
    [InlineData("zdj7é")]
    public void An_invalid_proof_is_refused(string proof)
    {
        Assert.Throws<ArgumentException>(() => Siwe.ReCap.ForAbilities("https://a.example", ["a/b"]).WithProof(proof));
    }

    [Fact]
    public void An_ability_with_an_empty_caveat_array_is_listed_but_not_granted()
    {
        // EIP-5573: "an empty array with no objects implies that there is no way to use this ability".
        var recap = Siwe.ReCap.ForAbility("https://a.example", "profile/delete", [])
            .WithAbility("https://a.example", "profile/read");

        Assert.Equal(["profile/delete", "profile/read"], recap.GetAbilities("https://a.example"));
        Assert.Equal(["profile/read"], recap.GetUnrestrictedAbilities("https://a.example"));
    }

    [Fact]
    public void An_ability_granted_only_under_restrictions_is_not_unrestricted()
    {
        var recap = Siwe.ReCap.ForAbility("https://a.example", "msg/send", [Json("""{"to":"joe@example.com"}""")])
            .WithAbility("https://a.example", "msg/read", [Json("""{"max":1}"""), Json("{}")]);

        Assert.Equal(["msg/read"], recap.GetUnrestrictedAbilities("https://a.example"));
    }

    [Fact]
    public void Abilities_are_read_for_the_exact_target_uri_only()
    {
        var recap = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"])
            .WithAbility("https://other.example.com", "admin/all");

        Assert.Equal(["profile/read"], recap.GetUnrestrictedAbilities("https://app.example.com"));
        Assert.Empty(recap.GetUnrestrictedAbilities("https://app.example.com/"));
        Assert.Empty(recap.GetUnrestrictedAbilities("HTTPS://APP.EXAMPLE.COM"));
        Assert.Empty(recap.GetAbilities("https://nowhere.example"));
    }

    [Fact]
    public void Adding_an_ability_twice_appends_its_caveats()
    {
        var recap = Siwe.ReCap.ForAbilities("https://a.example", ["x/y"]).WithAbility("https://a.example", "x/y", [Json("""{"n":1}""")]);

        Assert.Equal("""[{},{"n":1}]""", "[" + string.Join(",", recap.Attenuations["https://a.example"]["x/y"].Select(c => c.GetRawText())) + "]");
    }

    [Theory]
    [InlineData("crud/update", true)]
    [InlineData("a.b*c_d+e-f/G.H*I_J+K-L", true)]
    [InlineData("*/*", true)]
    [InlineData("crud", false)]
    [InlineData("crud/", false)]
    [InlineData("/update", false)]
    [InlineData("crud/up/date", false)]
    [InlineData("crud/up`date", false)]
    [InlineData("crud/up^date", false)]
    [InlineData("crud/up\\date", false)]
    [InlineData(null, false)]
    public void Ability_strings_follow_the_eip_grammar(string? ability, bool valid)
    {
        Assert.Equal(valid, ReCapAbility.IsValid(ability));
    }

    [Fact]
    public void An_ability_splits_into_namespace_and_action()
    {
        Assert.True(ReCapAbility.TrySplit("profile/read", out var ns, out var action));
        Assert.Equal("profile", ns);
        Assert.Equal("read", action);
    }
}
