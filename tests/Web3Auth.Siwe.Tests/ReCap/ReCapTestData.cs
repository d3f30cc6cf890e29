using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Web3Auth.Siwe.Tests.ReCap;

/// <summary>Shared inputs for the ReCap tests.</summary>
internal static class ReCapTestData
{
    /// <summary>A ReCap URI around arbitrary JSON text, for feeding the decoder hand-written (possibly bad) JSON.</summary>
    public static string UriOf(string json) => UriOf(Encoding.UTF8.GetBytes(json));

    public static string UriOf(byte[] payload) => Siwe.ReCap.UriPrefix + Base64Url.EncodeToString(payload);

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // ---- EIP-5573 (ethereum/ERCs, ERCS/erc-5573.md), "ReCap SIWE Extension": the example SIWE message. ----

    /// <summary>The decoded payload of the example message's ReCap URI (note the empty caveat arrays).</summary>
    public const string SiweExampleJson =
        """{"att":{"https://example.com":{"example/append":[],"example/read":[],"other/action":[]},"my:resource:uri.1":{"example/append":[],"example/delete":[]},"my:resource:uri.2":{"example/append":[]},"my:resource:uri.3":{"example/append":[]}},"prf":[]}""";

    /// <summary>The last resource of the example message, verbatim.</summary>
    public const string SiweExampleUri =
        "urn:recap:eyJhdHQiOnsiaHR0cHM6Ly9leGFtcGxlLmNvbSI6eyJleGFtcGxlL2FwcGVuZCI6W10sImV4YW1wbGUvcmVhZCI6W10sIm90aGVyL2FjdGlvbiI6W119LCJteTpyZXNvdXJjZTp1cmkuMSI6eyJleGFtcGxlL2FwcGVuZCI6W10sImV4YW1wbGUvZGVsZXRlIjpbXX0sIm15OnJlc291cmNlOnVyaS4yIjp7ImV4YW1wbGUvYXBwZW5kIjpbXX0sIm15OnJlc291cmNlOnVyaS4zIjp7ImV4YW1wbGUvYXBwZW5kIjpbXX19LCJwcmYiOltdfQ";

    /// <summary>The statement of the example message, verbatim.</summary>
    public const string SiweExampleStatement =
        "I further authorize the stated URI to perform the following actions on my behalf: (1) 'example': 'append', 'read' for 'https://example.com'. (2) 'other': 'action' for 'https://example.com'. (3) 'example': 'append', 'delete' for 'my:resource:uri.1'. (4) 'example': 'append' for 'my:resource:uri.2'. (5) 'example': 'append' for 'my:resource:uri.3'.";

    // ---- EIP-5573, "ReCap Details Object Schema": the example details object with att and prf. ----

    /// <summary>
    /// The example object, compacted. The EIP's JSON block shows the proof
    /// <c>bafybeigk7ly3pog6uupxku3b6bubirr434ib6tfaymvox6gotaaaaaaaaa</c>, but the <c>recap-uri</c> it says the example
    /// transforms into encodes <c>zdj7Wj6FNS4rUUbsiJvjjxcsNqZdDCSiYR8sKQXfoPfpSZuAw</c>; the URI is authoritative here.
    /// </summary>
    public const string DetailsExampleJson =
        """{"att":{"https://example.com/pictures/":{"crud/delete":[{}],"crud/update":[{}],"other/action":[{}]},"mailto:username@example.com":{"msg/receive":[{"max_count":5,"templates":["newsletter","marketing"]}],"msg/send":[{"to":"someone@email.com"},{"to":"joe@email.com"}]}},"prf":["zdj7Wj6FNS4rUUbsiJvjjxcsNqZdDCSiYR8sKQXfoPfpSZuAw"]}""";

    /// <summary>The example's <c>recap-uri</c>, verbatim (also the EIP's "non-normative example of a ReCap Capability").</summary>
    public const string DetailsExampleUri =
        "urn:recap:eyJhdHQiOnsiaHR0cHM6Ly9leGFtcGxlLmNvbS9waWN0dXJlcy8iOnsiY3J1ZC9kZWxldGUiOlt7fV0sImNydWQvdXBkYXRlIjpbe31dLCJvdGhlci9hY3Rpb24iOlt7fV19LCJtYWlsdG86dXNlcm5hbWVAZXhhbXBsZS5jb20iOnsibXNnL3JlY2VpdmUiOlt7Im1heF9jb3VudCI6NSwidGVtcGxhdGVzIjpbIm5ld3NsZXR0ZXIiLCJtYXJrZXRpbmciXX1dLCJtc2cvc2VuZCI6W3sidG8iOiJzb21lb25lQGVtYWlsLmNvbSJ9LHsidG8iOiJqb2VAZW1haWwuY29tIn1dfX0sInByZiI6WyJ6ZGo3V2o2Rk5TNHJVVWJzaUp2amp4Y3NOcVpkRENTaVlSOHNLUVhmb1BmcFNadUF3Il19";

    /// <summary>The example's <c>recap-transformed-statement</c>, verbatim.</summary>
    public const string DetailsExampleStatement =
        "I further authorize the stated URI to perform the following actions on my behalf: (1) 'crud': 'delete', 'update' for 'https://example.com/pictures/'. (2) 'other': 'action' for 'https://example.com/pictures/'. (3) 'msg': 'receive', 'send' for 'mailto:username@example.com'.";

    public const string DetailsExampleProof = "zdj7Wj6FNS4rUUbsiJvjjxcsNqZdDCSiYR8sKQXfoPfpSZuAw";

    /// <summary>The example message's ReCap, built through the API in a scrambled order.</summary>
    public static Siwe.ReCap BuildSiweExample() =>
        Siwe.ReCap.ForAbility("my:resource:uri.3", "example/append", [])
            .WithAbility("https://example.com", "other/action", [])
            .WithAbility("my:resource:uri.1", "example/delete", [])
            .WithAbility("https://example.com", "example/read", [])
            .WithAbility("my:resource:uri.2", "example/append", [])
            .WithAbility("https://example.com", "example/append", [])
            .WithAbility("my:resource:uri.1", "example/append", []);

    /// <summary>The details example built through the API, caveat keys deliberately out of order.</summary>
    public static Siwe.ReCap BuildDetailsExample() =>
        Siwe.ReCap.ForAbility("mailto:username@example.com", "msg/send", [Json("""{"to":"someone@email.com"}"""), Json("""{"to":"joe@email.com"}""")])
            .WithAbility("https://example.com/pictures/", "other/action")
            .WithAbility("mailto:username@example.com", "msg/receive", [Json("""{ "templates": ["newsletter", "marketing"], "max_count": 5 }""")])
            .WithAbility("https://example.com/pictures/", "crud/update")
            .WithAbility("https://example.com/pictures/", "crud/delete")
            .WithProof(DetailsExampleProof);
}
