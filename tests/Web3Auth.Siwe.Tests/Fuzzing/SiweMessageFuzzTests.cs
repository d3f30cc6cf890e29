using System.Text.Json;
using Web3Auth.Siwe.Tests.Messages;
using Web3Auth.Testing;

namespace Web3Auth.Siwe.Tests.Fuzzing;

/// <summary>
/// The login parses whatever text a client posts as "message". Mutations of the reference vectors' messages (valid and
/// invalid) and random text never make <see cref="SiweMessage.TryParse"/> throw, and what it accepts prints back unchanged.
/// </summary>
public class SiweMessageFuzzTests
{
    private const string MessageAlphabet = "abcdefABCDEF0123456789xX:/.-_ \n@[]?#%=+TZ";

    private static readonly string[] s_vectorMessages = LoadVectorMessages();

    private static string[] LoadVectorMessages()
    {
        var messages = new List<string>();
        foreach (var file in new[] { SiweVectors.ParsingPositive, SiweVectors.ParsingNegative, SiweVectors.VerificationPositive, SiweVectors.VerificationNegative })
        {
            foreach (var name in SiweVectors.Names(file))
            {
                var entry = SiweVectors.Case(file, name);
                if (entry.ValueKind == JsonValueKind.String)
                {
                    messages.Add(entry.GetString()!);
                }
                else if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    messages.Add(message.GetString()!);
                }
                else if (entry.ValueKind == JsonValueKind.Object && SiweVectors.ToBuilder(entry) is { } builder && builder.TryBuild(out var built, out _))
                {
                    messages.Add(built.ToString());
                }
            }
        }

        return [.. messages];
    }

    private static void AssertTotal(string? text)
    {
        var ok = SiweMessage.TryParse(text, out var message, out var error);
        Assert.Equal(ok, message is not null);
        Assert.Equal(ok, error is null);
        if (ok)
        {
            // Strict parsing: one spelling per message, so whatever is accepted is exactly its own canonical text.
            Assert.Equal(text, message!.ToString());
            Assert.Equal(text, new SiweMessageBuilder(message).ToMessage());
        }
        else
        {
            Assert.Throws<FormatException>(() => SiweMessage.Parse(text!));
        }
    }

    [Fact]
    public void The_vectors_give_enough_messages_to_mutate()
    {
        // Guards the loader: a renamed key in the vector files would otherwise leave the fuzzing below with nothing.
        Assert.True(s_vectorMessages.Length >= 20, $"only {s_vectorMessages.Length} messages");
        Assert.Contains(s_vectorMessages, m => SiweMessage.TryParse(m, out _, out _));
    }

    [Fact]
    public void Character_mutations_of_the_vector_messages_never_throw()
    {
        var run = new FuzzRun(nameof(Character_mutations_of_the_vector_messages_never_throw), 4361);
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var text = FuzzInput.Mutate(run.Random, s_vectorMessages[run.Random.Next(s_vectorMessages.Length)], MessageAlphabet);
            run.Case(i, text, () => AssertTotal(text));
            accepted += SiweMessage.TryParse(text, out _, out _) ? 1 : 0;
        }

        // Some edits (inside a statement, a nonce) keep the message valid: the accepting path was checked too.
        Assert.InRange(accepted, 1, 3999);
    }

    [Fact]
    public void Line_mutations_of_the_vector_messages_never_throw()
    {
        var run = new FuzzRun(nameof(Line_mutations_of_the_vector_messages_never_throw), 5573);
        string[] prefixes = ["URI: ", "Version: ", "Chain ID: ", "Nonce: ", "Issued At: ", "Expiration Time: ", "Not Before: ", "Request ID: ", "Resources:", "- ", ""];
        for (var i = 0; i < 2000; i++)
        {
            var lines = s_vectorMessages[run.Random.Next(s_vectorMessages.Length)].Split('\n').ToList();
            for (var edits = 1 + run.Random.Next(3); edits > 0; edits--)
            {
                var at = run.Random.Next(lines.Count);
                switch (run.Random.Next(5))
                {
                    case 0: lines.Insert(at, lines[at]); break;
                    case 1 when lines.Count > 1: lines.RemoveAt(at); break;
                    case 2: var other = run.Random.Next(lines.Count); (lines[at], lines[other]) = (lines[other], lines[at]); break;
                    case 3: lines[at] = prefixes[run.Random.Next(prefixes.Length)] + FuzzInput.RandomText(run.Random, 40); break;
                    default: lines[at] = prefixes[run.Random.Next(prefixes.Length)] + lines[at]; break;
                }
            }

            var text = string.Join(run.Random.Next(8) == 0 ? "\r\n" : "\n", lines);
            run.Case(i, text, () => AssertTotal(text));
        }
    }

    [Fact]
    public void Random_text_never_throws()
    {
        var run = new FuzzRun(nameof(Random_text_never_throws), 191);
        for (var i = 0; i < 2000; i++)
        {
            var text = i % 2 == 0
                ? FuzzInput.RandomText(run.Random, 512)
                : "example.com wants you to sign in with your Ethereum account:\n" + FuzzInput.FromAlphabet(run.Random, MessageAlphabet, run.Random.Next(300));
            run.Case(i, text, () => AssertTotal(text));
        }

        AssertTotal(null);
        AssertTotal(new string('a', SiweMessage.MaxLength + 1));
    }
}
