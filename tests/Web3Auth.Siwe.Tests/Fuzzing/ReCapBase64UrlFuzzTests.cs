using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Fuzzing;

/// <summary>
/// <see cref="System.Buffers.Text.Base64Url.TryDecodeFromChars(ReadOnlySpan{char}, Span{byte}, out int)"/> throws
/// FormatException, rather than returning false, on '+', '/', misplaced '=' and a non-canonical last character. The
/// ReCap URI of a posted message is decoded with it, so each of those, anywhere in the payload, must be a plain "no".
/// (ReCapRobustnessTests mutates ReCaps in general; this targets that trap.)
/// </summary>
public class ReCapBase64UrlFuzzTests
{
    private static readonly string s_uri = Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read", "notes/write"]).ToResourceUri();

    private static string Payload => s_uri[Siwe.ReCap.UriPrefix.Length..];

    [Fact]
    public void Every_last_character_of_the_payload_is_accepted_only_in_its_canonical_spelling()
    {
        var accepted = 0;
        foreach (var last in FuzzInput.Base64UrlAlphabet + "+/=")
        {
            var uri = s_uri[..^1] + last;
            var ok = Siwe.ReCap.TryParse(uri, out var recap, out var error);
            Assert.Equal(ok, error == ReCapError.None);
            if (ok)
            {
                accepted++;
                Assert.Equal(uri, recap!.ToResourceUri());
            }
        }

        // Only the canonical last character decodes to the same bytes; another one may change the JSON, never be a second spelling.
        Assert.Equal(1, accepted);
    }

    [Fact]
    public void Standard_base64_characters_and_padding_anywhere_in_the_payload_never_throw()
    {
        var run = new FuzzRun(nameof(Standard_base64_characters_and_padding_anywhere_in_the_payload_never_throw), 5573);
        for (var i = 0; i < 3000; i++)
        {
            var payload = Payload.ToCharArray();
            for (var edits = 1 + run.Random.Next(3); edits > 0; edits--)
            {
                payload[run.Random.Next(payload.Length)] = "+/=\u00e9 "[run.Random.Next(5)];
            }

            var uri = Siwe.ReCap.UriPrefix + new string(payload) + (run.Random.Next(4) == 0 ? "==" : "");
            run.Case(i, uri, () =>
            {
                Assert.False(Siwe.ReCap.TryParse(uri, out _, out var error));
                Assert.NotEqual(ReCapError.None, error);
                Assert.Throws<FormatException>(() => Siwe.ReCap.Parse(uri));

                // The same text as the message's last resource: the path the login takes.
                Assert.False(Siwe.ReCap.TryFromResources(["https://example.com", uri], out _, out _));
            });
        }
    }
}
