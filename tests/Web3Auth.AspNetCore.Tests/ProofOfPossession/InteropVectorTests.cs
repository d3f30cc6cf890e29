using System.Text.Json.Nodes;

namespace Web3Auth.AspNetCore.Tests.ProofOfPossession;

/// <summary>
/// DPoP proofs made by standard libraries (npm <c>dpop</c> and <c>jose</c> for ES256, <c>@noble/curves</c> for ES256K,
/// some with high s) pass every check, with the thumbprint and did:key those tools computed. Generator:
/// tests/tools/dpop-vectors; output committed in tests/vectors/dpop/proofs.json.
/// </summary>
public class InteropVectorTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load())
        {
            data.Add($"{vector["library"]} {vector["alg"]} {vector["case"]} {vector["jti"]}");
        }

        return data;
    }

    private static IEnumerable<JsonObject> Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "dpop", "proofs.json")))!["vectors"]!.AsArray().Select(v => v!.AsObject());

    [Fact]
    public void The_vector_file_holds_every_kind()
    {
        var vectors = Load().ToList();
        Assert.True(vectors.Count >= 40);
        Assert.Contains(vectors, v => ((string)v["library"]!).StartsWith("dpop@", StringComparison.Ordinal));
        Assert.Contains(vectors, v => ((string)v["library"]!).StartsWith("jose@", StringComparison.Ordinal));
        Assert.Contains(vectors, v => (string)v["alg"]! == "ES256K" && (bool)v["highS"]!);
        Assert.Contains(vectors, v => (string)v["alg"]! == "ES256K" && !(bool)v["highS"]!);
        Assert.Contains(vectors, v => v["jwk"]!.AsObject().ContainsKey("key_ops"));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_proof_made_by_a_standard_library_is_accepted(string name)
    {
        var vector = Load().Single(v => name.EndsWith((string)v["jti"]!, StringComparison.Ordinal));
        var iat = DateTimeOffset.FromUnixTimeSeconds((long)vector["iat"]!);
        Assert.True(DpopTargetUri.TryNormalize((string)vector["requestUri"]!, out var requestUri));

        Assert.True(DpopProof.TryParse((string)vector["proof"]!, out var proof, out var failure), failure?.Description);
        Assert.Null(DpopProofValidator.CheckRequest(proof, new Web3DpopOptions(), TimeSpan.FromMinutes(1), (string)vector["htm"]!, requestUri,
            (string)vector["accessToken"]!, iat.AddSeconds(5), nonceProtector: null));

        // The key the tools describe is the key the proof carries, by thumbprint and by did:key.
        Assert.Equal((string)vector["thumbprint"]!, proof.Key.Thumbprint);
        Assert.Equal((string)vector["didKey"]!, proof.Key.DidKey);
        Assert.True(SessionPublicKey.TryFromDidKey((string)vector["didKey"]!, out var fromDid));
        Assert.Equal(proof.Key.Thumbprint, fromDid.Thumbprint);
        Assert.Null(new DpopProofValidator().CheckKey(proof, fromDid.ToBoundKey()));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_same_proof_with_its_signature_changed_is_refused(string name)
    {
        var vector = Load().Single(v => name.EndsWith((string)v["jti"]!, StringComparison.Ordinal));
        var text = (string)vector["proof"]!;
        var signatureStart = text.LastIndexOf('.') + 1;
        // Flip a bit in the middle of r: still canonical base64url, no longer a signature of this input.
        var middle = signatureStart + 10;
        var flipped = text[..middle] + (text[middle] == 'A' ? 'B' : 'A') + text[(middle + 1)..];

        Assert.True(DpopProof.TryParse(flipped, out var proof, out _));
        Assert.Equal(DpopProofError.InvalidSignature, new DpopProofValidator().CheckKey(proof, proof.Key.ToBoundKey())!.Error);
    }

    [Theory]
    [InlineData("https://app.example.com/api/a%2fb", "https://app.example.com/api/a%2Fb")]
    [InlineData("HTTPS://App.Example.COM:443/api/./x/../notes", "https://app.example.com/api/notes")]
    [InlineData("https://app.example.com", "https://app.example.com/")]
    public void Target_uris_are_compared_in_their_RFC_3986_normal_form(string given, string normal)
    {
        Assert.True(DpopTargetUri.TryNormalize(given, out var normalized));
        Assert.Equal(normal, normalized);
    }
}
