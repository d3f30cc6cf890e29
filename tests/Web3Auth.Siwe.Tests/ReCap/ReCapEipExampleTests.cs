using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

/// <summary>The examples printed in EIP-5573 itself, byte for byte (see <see cref="ReCapTestData"/>).</summary>
public class ReCapEipExampleTests
{
    [Fact]
    public void Siwe_example_recap_encodes_to_the_exact_json_of_the_eip()
    {
        Assert.Equal(SiweExampleJson, BuildSiweExample().ToCanonicalJson());
    }

    [Fact]
    public void Siwe_example_recap_encodes_to_the_exact_urn_of_the_eip()
    {
        Assert.Equal(SiweExampleUri, BuildSiweExample().ToResourceUri());
    }

    [Fact]
    public void Siwe_example_urn_parses_to_the_recap_of_the_eip()
    {
        Assert.True(Siwe.ReCap.TryParse(SiweExampleUri, out var recap, out var error));
        Assert.Equal(ReCapError.None, error);
        Assert.Equal(BuildSiweExample(), recap);
        Assert.Equal(["https://example.com", "my:resource:uri.1", "my:resource:uri.2", "my:resource:uri.3"], recap.Attenuations.Keys);
        Assert.Empty(recap.Proofs);
    }

    [Fact]
    public void Siwe_example_translates_to_the_exact_statement_of_the_eip()
    {
        Assert.Equal(SiweExampleStatement, ReCapStatement.Translate(BuildSiweExample()));
    }

    [Fact]
    public void Siwe_example_message_passes_recap_verification()
    {
        // The example message has no statement of its own: the statement is the translation alone.
        Assert.True(Siwe.ReCap.TryFromMessage(SiweExampleStatement, [SiweExampleUri], out var recap, out var error));
        Assert.Equal(ReCapError.None, error);
        Assert.Equal(SiweExampleUri, recap.ToResourceUri());
    }

    [Fact]
    public void Details_example_encodes_to_the_exact_json_of_the_eip()
    {
        Assert.Equal(DetailsExampleJson, BuildDetailsExample().ToCanonicalJson());
    }

    [Fact]
    public void Details_example_encodes_to_the_exact_recap_uri_of_the_eip()
    {
        Assert.Equal(DetailsExampleUri, BuildDetailsExample().ToResourceUri());
    }

    [Fact]
    public void Details_example_uri_parses_back_with_caveats_and_proof()
    {
        var recap = Siwe.ReCap.Parse(DetailsExampleUri);

        Assert.Equal(BuildDetailsExample(), recap);
        Assert.Equal<string>([DetailsExampleProof], recap.Proofs);
        var send = recap.Attenuations["mailto:username@example.com"]["msg/send"];
        Assert.Equal(2, send.Length);
        Assert.Equal("joe@email.com", send[1].GetProperty("to").GetString());
    }

    [Fact]
    public void Details_example_translates_to_the_exact_statement_of_the_eip()
    {
        Assert.Equal(DetailsExampleStatement, ReCapStatement.Translate(Siwe.ReCap.Parse(DetailsExampleUri)));
    }

    [Fact]
    public void Merge_example_of_the_eip_concatenates_caveats_and_proofs()
    {
        // EIP-5573, "Merging Capability Objects": the two objects and their combination, compacted.
        var first = Siwe.ReCap.ForAbilities("https://example1.com", ["crud/read"]).WithProof("bafyexample1");
        var second = Siwe.ReCap.ForAbility("https://example1.com", "crud/update", [Json("""{"max_times":1}""")])
            .WithAbility("https://example2.com", "crud/delete")
            .WithProof("bafyexample2");

        var merged = first.Merge(second);

        Assert.Equal(
            """{"att":{"https://example1.com":{"crud/read":[{}],"crud/update":[{"max_times":1}]},"https://example2.com":{"crud/delete":[{}]}},"prf":["bafyexample1","bafyexample2"]}""",
            merged.ToCanonicalJson());
    }
}
