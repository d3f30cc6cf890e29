using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

public class ReCapResourcesTests
{
    private static readonly Siwe.ReCap s_recap = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"]);
    private static readonly string s_uri = s_recap.ToResourceUri();

    [Fact]
    public void The_recap_in_the_last_resource_is_found()
    {
        Assert.True(Siwe.ReCap.TryFromResources(["ipfs://bafy", "https://example.com/terms", s_uri], out var recap, out var error));
        Assert.Equal(ReCapError.None, error);
        Assert.Equal(s_recap, recap);
    }

    [Fact]
    public void A_lone_recap_resource_is_found()
    {
        Assert.True(Siwe.ReCap.TryFromResources([s_uri], out var recap, out _));
        Assert.Equal(s_recap, recap);
    }

    [Fact]
    public void A_recap_before_the_last_resource_is_rejected()
    {
        Assert.False(Siwe.ReCap.TryFromResources([s_uri, "https://example.com/terms"], out var recap, out var error));
        Assert.Null(recap);
        Assert.Equal(ReCapError.NotLastResource, error);
    }

    [Fact]
    public void Two_recap_resources_are_rejected()
    {
        var other = Siwe.ReCap.ForAbilities("https://app.example.com", ["admin/all"]).ToResourceUri();

        Assert.False(Siwe.ReCap.TryFromResources([other, s_uri], out _, out var error));
        Assert.Equal(ReCapError.NotLastResource, error);
    }

    [Fact]
    public void A_disguised_uppercase_recap_before_the_last_resource_is_rejected()
    {
        var disguised = "URN:RECAP:" + s_uri["urn:recap:".Length..];

        Assert.False(Siwe.ReCap.TryFromResources([disguised, s_uri], out _, out var error));
        Assert.Equal(ReCapError.NotLastResource, error);
    }

    [Fact]
    public void A_disguised_uppercase_recap_as_the_last_resource_is_rejected_not_ignored()
    {
        Assert.False(Siwe.ReCap.TryFromResources(["URN:RECAP:" + s_uri["urn:recap:".Length..]], out _, out var error));
        Assert.Equal(ReCapError.NotAReCapUri, error);
    }

    [Fact]
    public void An_invalid_last_recap_reports_why()
    {
        Assert.False(Siwe.ReCap.TryFromResources(["https://example.com", s_uri + "="], out _, out var error));
        Assert.Equal(ReCapError.PaddedBase64Url, error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://example.com/terms")]
    [InlineData("https://example.com/terms ipfs://bafy")]
    public void Resources_without_a_recap_yield_not_found(string spaceSeparatedResources)
    {
        var resources = spaceSeparatedResources.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.False(Siwe.ReCap.TryFromResources(resources, out var recap, out var error));
        Assert.Null(recap);
        Assert.Equal(ReCapError.NotFound, error);
    }

    [Fact]
    public void A_missing_resource_list_yields_not_found()
    {
        Assert.False(Siwe.ReCap.TryFromResources(null, out _, out var error));
        Assert.Equal(ReCapError.NotFound, error);
    }

    [Fact]
    public void A_message_whose_statement_ends_with_the_translation_is_verified()
    {
        var statement = ReCapStatement.Combine("Sign in to Example.", s_recap);

        Assert.True(Siwe.ReCap.TryFromMessage(statement, ["https://example.com/terms", s_uri], out var recap, out var error));
        Assert.Equal(ReCapError.None, error);
        Assert.Equal(["profile/read"], recap.GetUnrestrictedAbilities("https://app.example.com"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sign in to Example.")]
    public void A_message_whose_statement_lacks_the_translation_is_rejected(string? statement)
    {
        Assert.False(Siwe.ReCap.TryFromMessage(statement, [s_uri], out var recap, out var error));
        Assert.Null(recap);
        Assert.Equal(ReCapError.StatementMismatch, error);
    }

    [Fact]
    public void A_message_showing_fewer_capabilities_than_its_recap_grants_is_rejected()
    {
        var shown = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read"]);
        var granted = shown.WithAbility("https://app.example.com", "admin/all");

        Assert.False(Siwe.ReCap.TryFromMessage(ReCapStatement.Combine("Hi.", shown), [granted.ToResourceUri()], out _, out var error));
        Assert.Equal(ReCapError.StatementMismatch, error);
    }

    [Fact]
    public void A_message_without_a_recap_yields_not_found_whatever_its_statement()
    {
        Assert.False(Siwe.ReCap.TryFromMessage("Sign in.", ["https://example.com"], out _, out var error));
        Assert.Equal(ReCapError.NotFound, error);
    }

    [Fact]
    public void The_siwe_example_of_the_eip_verifies_with_other_resources_before_it()
    {
        Assert.True(Siwe.ReCap.TryFromMessage("Hello. " + SiweExampleStatement, ["https://example.com/my-web2-claim.json", SiweExampleUri], out _, out _));
    }
}
