using System.Text;
using Xunit.Abstractions;

namespace Web3Auth.Siwe.Tests.Messages;

/// <summary>
/// Randomized properties. Each test logs its seed; set SIWE_TEST_SEED to replay a failure.
/// </summary>
public class SiweMessagePropertyTests(ITestOutputHelper output)
{
    private const int Iterations = 3000;

    [Fact]
    public void Random_valid_fields_build_a_message_that_parses_back_to_the_same_fields_and_text()
    {
        var random = NewRandom(out var seed);
        var fields = new RandomSiweFields(random);
        for (var i = 0; i < Iterations; i++)
        {
            var builder = fields.Next();
            Assert.True(builder.TryBuild(out var built, out var error), $"seed {seed}, iteration {i}: {error}");
            var text = built.ToString();

            Assert.True(SiweMessage.TryParse(text, out var parsed, out error), $"seed {seed}, iteration {i}: {error}\n{text}");
            Assert.Equal(text, parsed.ToString());
            Assert.Equal(text, parsed.Format());
            Assert.Equal(built, parsed);
            Assert.Equal(builder.Scheme, parsed.Scheme);
            Assert.Equal(builder.Domain, parsed.Domain);
            Assert.Equal(builder.Address, parsed.Address.ToString());
            Assert.Equal(builder.Statement, parsed.Statement);
            Assert.Equal(builder.Uri, parsed.Uri);
            Assert.Equal(builder.ChainId, parsed.ChainId);
            Assert.Equal(builder.Nonce, parsed.Nonce);
            Assert.Equal(builder.IssuedAt, parsed.IssuedAt.Text);
            Assert.Equal(builder.ExpirationTime, parsed.ExpirationTime?.Text);
            Assert.Equal(builder.NotBefore, parsed.NotBefore?.Text);
            Assert.Equal(builder.RequestId, parsed.RequestId);
            Assert.Equal(builder.Resources, parsed.Resources);
            Assert.Equal(text, new SiweMessageBuilder(parsed).ToMessage());
        }
    }

    [Fact]
    public void Random_ipv6_literals_are_accepted_as_rfc_3986_ipv6_addresses()
    {
        var random = NewRandom(out var seed);
        var fields = new RandomSiweFields(random);
        for (var i = 0; i < Iterations; i++)
        {
            var address = fields.Ipv6();
            Assert.True(Siwe.Rfc3986.IsIpv6Address(address), $"seed {seed}: {address}");
            Assert.True(System.Net.IPAddress.TryParse(address, out var parsed), $"seed {seed}: {address}");
            Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, parsed.AddressFamily);
        }
    }

    [Fact]
    public void Random_mutations_of_valid_messages_never_make_the_parser_throw_and_whatever_parses_prints_back_unchanged()
    {
        var random = NewRandom(out var seed);
        var fields = new RandomSiweFields(random);
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = fields.Next().ToMessage();
            for (var mutations = random.Next(1, 4); mutations > 0; mutations--)
            {
                text = Mutate(random, text);
            }

            SiweMessage? message = null;
            SiweParseError? error = null;
            var exception = Record.Exception(() => SiweMessage.TryParse(text, out message, out error));
            Assert.True(exception is null, $"seed {seed}, iteration {i}: {exception}\n{text}");
            if (message is not null)
            {
                accepted++;
                Assert.Equal(text, message.ToString());
                Assert.Equal(text, message.Format());
                Assert.Equal(text, new SiweMessageBuilder(message).ToMessage());
            }
            else
            {
                Assert.NotNull(error);
            }
        }

        output.WriteLine($"{accepted} of {Iterations} mutated messages were still valid.");
    }

    [Fact]
    public void Random_bytes_and_random_text_never_make_the_parser_throw()
    {
        var random = NewRandom(out var seed);
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            var text = (i % 3) switch
            {
                0 => Encoding.UTF8.GetString(bytes),
                1 => Encoding.Latin1.GetString(bytes),
                _ => new string([.. Enumerable.Range(0, bytes.Length / 2).Select(_ => (char)random.Next(0, 0x10000))]),
            };

            var exception = Record.Exception(() => SiweMessage.TryParse(text, out _, out _));
            Assert.True(exception is null, $"seed {seed}, iteration {i}: {exception}");
        }
    }

    [Fact]
    public void Random_field_values_never_make_the_builder_throw_from_try_build()
    {
        var random = NewRandom(out var seed);
        var fields = new RandomSiweFields(random);
        for (var i = 0; i < Iterations; i++)
        {
            var builder = fields.Next();
            var garbage = Mutate(random, fields.Uri());
            switch (random.Next(9))
            {
                case 0: builder.Domain = garbage; break;
                case 1: builder.Statement = garbage; break;
                case 2: builder.Uri = garbage; break;
                case 3: builder.Nonce = garbage; break;
                case 4: builder.IssuedAt = Mutate(random, fields.Timestamp()); break;
                case 5: builder.ExpirationTime = Mutate(random, fields.Timestamp()); break;
                case 6: builder.RequestId = garbage; break;
                case 7: builder.Resources = [garbage]; break;
                default: builder.Scheme = garbage; break;
            }

            SiweMessage? message = null;
            var exception = Record.Exception(() => builder.TryBuild(out message, out _));
            Assert.True(exception is null, $"seed {seed}, iteration {i}: {exception}");
            if (message is not null)
            {
                Assert.Equal(message, SiweMessage.Parse(message.ToString()));
            }
        }
    }

    private Random NewRandom(out int seed)
    {
        seed = int.TryParse(Environment.GetEnvironmentVariable("SIWE_TEST_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set SIWE_TEST_SEED={seed} to replay)");
        return new Random(seed);
    }

    private static readonly string[] Interesting =
        ["\n", "\r", "\r\n", " ", ":", "/", "@", "[", "]", "%", "%2", "#", "?", "\0", "\t", "é", "\uD800", "\uDC00", "😀", "0", "Z", "T", "-", "+", ".", "- "];

    private static string Mutate(Random random, string text)
    {
        var lines = text.Split('\n').ToList();
        var position = text.Length == 0 ? 0 : random.Next(text.Length);
        switch (random.Next(9))
        {
            case 0 when text.Length > 0: // delete a character
                return text.Remove(position, 1);
            case 1: // insert something
                return text.Insert(random.Next(text.Length + 1), Interesting[random.Next(Interesting.Length)]);
            case 2 when text.Length > 0: // replace a character
                return text.Remove(position, 1).Insert(position, ((char)random.Next(0x20, 0x7F)).ToString());
            case 3: // truncate
                return text[..random.Next(text.Length + 1)];
            case 4: // duplicate a line
                var duplicated = random.Next(lines.Count);
                lines.Insert(duplicated, lines[duplicated]);
                return string.Join('\n', lines);
            case 5 when lines.Count > 1: // swap two lines
                var a = random.Next(lines.Count);
                var b = random.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            case 6: // delete a line
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join('\n', lines);
            case 7: // flip the case of a character
                var chars = text.ToCharArray();
                if (chars.Length > 0)
                {
                    chars[position] = char.IsUpper(chars[position]) ? char.ToLowerInvariant(chars[position]) : char.ToUpperInvariant(chars[position]);
                }

                return new string(chars);
            default: // append a line
                return text + "\n" + Interesting[random.Next(Interesting.Length)];
        }
    }
}
