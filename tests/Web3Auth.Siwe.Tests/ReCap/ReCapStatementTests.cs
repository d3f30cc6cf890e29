using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

public class ReCapStatementTests
{
    private static readonly Siwe.ReCap s_app = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read", "profile/write", "billing/read"]);

    private const string AppTranslation =
        "I further authorize the stated URI to perform the following actions on my behalf: (1) 'billing': 'read' for 'https://app.example.com'. (2) 'profile': 'read', 'write' for 'https://app.example.com'.";

    [Fact]
    public void Each_namespace_of_each_resource_gets_its_own_numbered_entry()
    {
        Assert.Equal(AppTranslation, ReCapStatement.Translate(s_app));
    }

    [Fact]
    public void Numbering_continues_across_resources()
    {
        var recap = s_app.WithAbility("https://web.example.com", "kv/get");

        Assert.EndsWith(
            "(2) 'profile': 'read', 'write' for 'https://app.example.com'. (3) 'kv': 'get' for 'https://web.example.com'.",
            ReCapStatement.Translate(recap),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Double_digit_numbers_are_written_in_full()
    {
        var recap = Siwe.ReCap.ForAbilities("https://a.example", Enumerable.Range(0, 12).Select(i => $"ns{i:00}/a"));

        Assert.EndsWith("(12) 'ns11': 'a' for 'https://a.example'.", ReCapStatement.Translate(recap), StringComparison.Ordinal);
    }

    [Fact]
    public void Caveats_and_proofs_do_not_change_the_statement()
    {
        var restricted = Siwe.ReCap.ForAbility("https://app.example.com", "profile/read", [Json("""{"max":1}""")])
            .WithAbility("https://app.example.com", "profile/write", [])
            .WithAbility("https://app.example.com", "billing/read")
            .WithProof("bafy");

        Assert.Equal(AppTranslation, ReCapStatement.Translate(restricted));
    }

    [Fact]
    public void An_application_statement_is_followed_by_one_space_and_the_translation()
    {
        Assert.Equal("Sign in to Example. " + AppTranslation, ReCapStatement.Combine("Sign in to Example.", s_app));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_an_application_statement_the_translation_stands_alone(string? statement)
    {
        Assert.Equal(AppTranslation, ReCapStatement.Combine(statement, s_app));
    }

    [Theory]
    [InlineData("Sign in to Example. " + AppTranslation, true)]
    [InlineData(AppTranslation, true)]
    [InlineData(AppTranslation + " ", false)]
    [InlineData(AppTranslation + " Also send me newsletters.", false)]
    [InlineData("Sign in to Example.", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_statement_must_end_with_the_translation(string? statement, bool expected)
    {
        Assert.Equal(expected, ReCapStatement.EndsWithTranslation(statement, s_app));
    }

    [Fact]
    public void A_statement_for_other_capabilities_does_not_match()
    {
        var fewer = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"]);

        Assert.False(ReCapStatement.EndsWithTranslation(ReCapStatement.Combine("Hi.", fewer), s_app));
        Assert.False(ReCapStatement.EndsWithTranslation(ReCapStatement.Combine("Hi.", s_app), fewer));
    }

    [Fact]
    public void Translation_requires_a_recap()
    {
        Assert.Throws<ArgumentNullException>(() => ReCapStatement.Translate(null!));
        Assert.Throws<ArgumentNullException>(() => ReCapStatement.Combine("x", null!));
        Assert.Throws<ArgumentNullException>(() => ReCapStatement.EndsWithTranslation("x", null!));
    }
}
