using System.Buffers.Text;
using System.Security.Cryptography;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Fuzzing;

/// <summary>
/// <see cref="SessionToken.TryParse"/> reads the bearer header and the session cookie of every request, before any
/// store lookup. It must say "no" to anything but <c>{48 base64url}.{43 base64url}</c> (a 36-byte id: the address and
/// 16 random bytes; a 32-byte secret) in canonical spelling, and never throw: Base64Url.TryDecodeFromChars throws
/// FormatException on '+', '/', '=' or a non-canonical last character.
/// </summary>
public class SessionTokenFuzzTests
{
    /// <summary>The header value of the finding: standard-base64 '+' in the secret turned every request into a 500.</summary>
    public const string CraftedToken = "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAA";

    /// <summary>The same trap in today's token shape: a well-formed id, and '+' in the secret.</summary>
    public const string CraftedCurrentToken = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB.AAAAAAAAAAAAAAAAAAAAA+AAAAAAAAAAAAAAAAAAAAA";

    private const int IdLength = 48;
    private const int TokenLength = IdLength + 1 + 43;

    private static string NewSessionId() => SessionToken.NewSessionId(Web3Auth.Siwe.EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));

    private const string TokenAlphabet = FuzzInput.Base64UrlAlphabet + "+/=.";

    private static void AssertTotal(string? token)
    {
        if (!SessionToken.TryParse(token, out var sessionId, out var address, out var secretHash))
        {
            Assert.Null(sessionId);
            Assert.Null(secretHash);
            return;
        }

        // Accepted means: the one canonical spelling of a 36-byte id naming a non-zero address and a 32-byte secret.
        Assert.Equal(TokenLength, token!.Length);
        Assert.Equal(token[..IdLength], sessionId);
        var id = Base64Url.DecodeFromChars(sessionId);
        var secret = Base64Url.DecodeFromChars(token.AsSpan(IdLength + 1));
        Assert.Equal(36, id.Length);
        Assert.Equal(new Web3Auth.Siwe.EthereumAddress(id.AsSpan(0, 20)), address);
        Assert.False(address.IsZero);
        Assert.Equal(sessionId, Base64Url.EncodeToString(id));
        Assert.Equal(token[(IdLength + 1)..], Base64Url.EncodeToString(secret));
        Assert.Equal(SHA256.HashData(secret), secretHash);
    }

    [Fact]
    public void The_crafted_token_of_the_finding_is_rejected_without_throwing()
    {
        foreach (var crafted in new[] { CraftedToken, CraftedCurrentToken })
        {
            Assert.False(SessionToken.TryParse(crafted, out _, out _, out _));
            Assert.False(SessionToken.TryParse(crafted.Replace('+', '/'), out _, out _, out _));
            Assert.False(SessionToken.TryParse(crafted.Replace('+', '='), out _, out _, out _));
            Assert.False(SessionToken.TryParse(crafted.Replace('+', 'A')[..^1] + "B", out _, out _, out _));
        }

        Assert.True(SessionToken.TryParse(CraftedCurrentToken.Replace('+', 'A'), out _, out _, out _));
    }

    [Fact]
    public void A_minted_token_parses_to_its_id_and_the_hash_of_its_secret()
    {
        var sessionId = NewSessionId();
        var token = SessionToken.Mint(sessionId, out var hash, out _);

        Assert.True(SessionToken.TryParse(token, out var parsedId, out _, out var parsedHash));
        Assert.Equal(sessionId, parsedId);
        Assert.Equal(hash, parsedHash);
        AssertTotal(token);
    }

    [Fact]
    public void Every_last_character_of_the_id_and_of_the_secret_is_accepted_only_when_canonical()
    {
        var token = SessionToken.Mint(NewSessionId(), out _, out _);
        var idAccepted = 0;
        var secretAccepted = 0;
        foreach (var c in TokenAlphabet + " \t\u00e9")
        {
            var id = token[..(IdLength - 1)] + c + token[IdLength..];
            var secret = token[..^1] + c;
            AssertTotal(id);
            AssertTotal(secret);
            idAccepted += SessionToken.TryParse(id, out _, out _, out _) ? 1 : 0;
            secretAccepted += SessionToken.TryParse(secret, out _, out _, out _) ? 1 : 0;
        }

        // 36 bytes fill the id's 48 characters exactly (one spelling per character: all 64 alphabet letters decode, one
        // is the minted one), 32 bytes leave 2 unused bits in the secret's last character: 16 spellings decode.
        Assert.Equal(64, idAccepted);
        Assert.Equal(16, secretAccepted);
    }

    [Fact]
    public void Mutations_of_a_minted_token_never_throw()
    {
        var run = new FuzzRun(nameof(Mutations_of_a_minted_token_never_throw), 2024);
        var token = SessionToken.Mint(NewSessionId(), out _, out _);
        var accepted = 0;
        for (var i = 0; i < 5000; i++)
        {
            var mutated = FuzzInput.Mutate(run.Random, token, TokenAlphabet);
            run.Case(i, mutated, () => AssertTotal(mutated));
            accepted += SessionToken.TryParse(mutated, out _, out _, out _) ? 1 : 0;
        }

        // Replacing a character inside the alphabet keeps a token well formed: acceptance was checked as well.
        Assert.InRange(accepted, 1, 4999);
    }

    [Fact]
    public void Random_strings_of_every_length_never_throw()
    {
        var run = new FuzzRun(nameof(Random_strings_of_every_length_never_throw), 66);
        for (var i = 0; i < 5000; i++)
        {
            // Mostly the right length with the separator in place, so the decoders are reached.
            var length = run.Random.Next(4) == 0 ? run.Random.Next(120) : TokenLength;
            var alphabet = run.Random.Next(3) == 0 ? TokenAlphabet + FuzzInput.Awkward : TokenAlphabet;
            var chars = FuzzInput.FromAlphabet(run.Random, alphabet, length).ToCharArray();
            if (length == TokenLength && run.Random.Next(4) != 0)
            {
                chars[IdLength] = '.';
            }

            var token = i % 10 == 0 ? FuzzInput.RandomText(run.Random, 140) : new string(chars);
            run.Case(i, token, () => AssertTotal(token));
        }

        AssertTotal(null);
        AssertTotal(string.Empty);
        AssertTotal(new string('.', TokenLength));
    }
}
