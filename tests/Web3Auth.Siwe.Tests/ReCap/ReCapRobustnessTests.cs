using System.Text;
using static Web3Auth.Siwe.Tests.ReCap.ReCapTestData;

namespace Web3Auth.Siwe.Tests.ReCap;

/// <summary>Random corruptions of valid ReCaps: parsing never throws, and whatever it accepts is canonical.</summary>
public class ReCapRobustnessTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly string[] s_seeds =
    [
        SiweExampleUri,
        DetailsExampleUri,
        Siwe.ReCap.ForAbilities("https://app.example.com", ["profile/read", "profile/write"]).ToResourceUri(),
        Siwe.ReCap.ForAbility("https://a.example", "x/y", [Json("""{"n":[1.5,-2,1e-7,true,null],"s":"é\n\ud83d\ude00","o":{"b":{},"a":[]}}""")]).ToResourceUri(),
    ];

    private static void AssertTotal(string? input)
    {
        var ok = Siwe.ReCap.TryParse(input, out var recap, out var error);

        Assert.Equal(ok, error == ReCapError.None);
        Assert.Equal(ok, recap is not null);
        if (ok)
        {
            // Only the canonical spelling is accepted, so accepting means re-encoding to the very same text.
            Assert.Equal(input, recap!.ToResourceUri());
        }

        // The resource-list and statement paths must be just as total.
        Siwe.ReCap.TryFromMessage(input, input is null ? null : ["https://example.com", input], out _, out _);
    }

    [Fact]
    public void Random_mutations_of_the_uri_text_never_throw()
    {
        var random = new Random(5573);
        const string extra = "=+/ .\n\0é\ud800\U0001F600:";
        for (var i = 0; i < 4000; i++)
        {
            var text = new StringBuilder(s_seeds[random.Next(s_seeds.Length)]);
            var mutations = 1 + random.Next(3);
            for (var m = 0; m < mutations && text.Length > 0; m++)
            {
                var at = random.Next(text.Length);
                var pool = random.Next(4) == 0 ? extra : Base64UrlAlphabet;
                var c = pool[random.Next(pool.Length)];
                switch (random.Next(4))
                {
                    case 0: text[at] = c; break;
                    case 1: text.Insert(at, c); break;
                    case 2: text.Remove(at, 1); break;
                    default: text.Length = at; break;
                }
            }

            AssertTotal(text.ToString());
        }
    }

    [Fact]
    public void Random_mutations_of_the_json_payload_never_throw()
    {
        // Mutating the decoded JSON (then re-encoding it correctly) reaches the JSON and shape checks.
        var random = new Random(4361);
        const string pool = "{}[]\":,/\\u0123456789aefnrtxyz-+.eE \tAé\ud83d\ude00";
        var payloads = s_seeds.Select(uri => Siwe.ReCap.Parse(uri).ToCanonicalJson()).ToArray();
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var json = new StringBuilder(payloads[random.Next(payloads.Length)]);
            var mutations = 1 + random.Next(2);
            for (var m = 0; m < mutations && json.Length > 0; m++)
            {
                var at = random.Next(json.Length);
                var c = pool[random.Next(pool.Length)];
                switch (random.Next(3))
                {
                    case 0: json[at] = c; break;
                    case 1: json.Insert(at, c); break;
                    default: json.Remove(at, 1); break;
                }
            }

            var uri = UriOf(json.ToString());
            AssertTotal(uri);
            accepted += Siwe.ReCap.TryParse(uri, out _, out _) ? 1 : 0;
        }

        // Some mutations (inside a caveat string, say) keep the ReCap valid: the accepting path was exercised too.
        Assert.InRange(accepted, 1, 3999);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(191);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)'{';
            }

            AssertTotal(UriOf(bytes));
        }
    }

    [Fact]
    public void Random_resource_lists_never_throw()
    {
        var random = new Random(55);
        string?[] pool = [null, "", "urn:recap:", "URN:RECAP:x", "https://example.com", .. s_seeds, s_seeds[0] + "="];
        for (var i = 0; i < 1000; i++)
        {
            var resources = Enumerable.Range(0, random.Next(4)).Select(_ => pool[random.Next(pool.Length)]!).ToArray();
            var ok = Siwe.ReCap.TryFromResources(resources, out var recap, out var error);
            Assert.Equal(ok, recap is not null && error == ReCapError.None);
        }
    }
}
