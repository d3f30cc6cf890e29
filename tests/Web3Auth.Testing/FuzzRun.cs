using System.Globalization;
using System.Text;

namespace Web3Auth.Testing;

/// <summary>
/// One seeded fuzz run. The seed is fixed per test so every run checks the same cases and CI cannot turn red by
/// luck; set <c>WEB3AUTH_FUZZ_SEED</c> to a number to replay or explore another seed (<c>random</c> draws one).
/// A failing case throws with the test's name, the seed, the case number and the input, escaped so it can be pasted.
/// </summary>
public sealed class FuzzRun
{
    public const string SeedVariable = "WEB3AUTH_FUZZ_SEED";

    private readonly string _name;

    public FuzzRun(string name, int defaultSeed)
    {
        _name = name;
        var configured = Environment.GetEnvironmentVariable(SeedVariable);
        Seed = configured switch
        {
            null or "" => defaultSeed,
            "random" => System.Random.Shared.Next(),
            _ => int.Parse(configured, CultureInfo.InvariantCulture),
        };
        Random = new Random(Seed);
    }

    public int Seed { get; }

    public Random Random { get; }

    /// <summary>Runs one case; any exception, an assertion's included, fails the run naming the seed and input.</summary>
    public void Case(int index, string? input, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex)
        {
            throw Failure(index, input, ex);
        }
    }

    /// <inheritdoc cref="Case(int, string?, Action)"/>
    public async Task CaseAsync(int index, string? input, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception ex)
        {
            throw Failure(index, input, ex);
        }
    }

    /// <summary>The line to put in an assertion message, for checks made outside <see cref="Case"/>.</summary>
    public string Describe(int index, string? input) =>
        $"{_name}: case {index} with seed {Seed} ({SeedVariable}={Seed} replays it), input {Escape(input)}";

    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var escaped = new StringBuilder("\"");
        foreach (var c in text.Length > 600 ? text[..600] : text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < 0x20 || c > 0x7E => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        escaped.Append(text.Length > 600 ? $"\"… ({text.Length} chars)" : "\"");
        return escaped.ToString();
    }

    private FuzzFailureException Failure(int index, string? input, Exception ex) => new(Describe(index, input) + ": " + ex.Message, ex);
}

/// <summary>A fuzz case failed; the message says how to replay it.</summary>
public sealed class FuzzFailureException(string message, Exception inner) : Exception(message, inner);
