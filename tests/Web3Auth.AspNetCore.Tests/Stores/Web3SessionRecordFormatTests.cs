using System.Text;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class Web3SessionRecordFormatTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123);
    private static readonly EthereumAddress Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    private static Web3Session Session(string? clientHint, string verificationMethod, params string[] permissions) => new()
    {
        Id = SessionToken.NewSessionId(Address),
        Scheme = "Web3",
        Domain = "app.example.com:8443",
        Address = Address,
        ChainId = ulong.MaxValue,
        Version = long.MaxValue,
        TokenHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        CreatedAt = Now,
        ExpiresAt = Now.AddHours(1),
        Permissions = permissions.Select((p, i) => new Web3SessionPermission(p, Now.AddMinutes(i + 1))).ToArray(),
        ClientHint = clientHint,
        VerificationMethod = verificationMethod,
    };

    private static bool TryRead(string json, out Web3Session? session) => Web3SessionRecordFormat.TryRead(Encoding.UTF8.GetBytes(json), out session);

    [Theory]
    [InlineData(null, "eoa")]
    [InlineData("Mozilla/5.0 \"quoted\" \u00e9", "eip1271")]
    public void Every_field_survives_a_write_and_a_read(string? clientHint, string verificationMethod)
    {
        var session = Session(clientHint, verificationMethod, "profile/read", "notes/write") with
        {
            SignatureProof = new Web3SignatureProof { MessageHash = new byte[32], Signature = [1, 2, 3], VerifiedAt = Now },
        };

        Assert.True(Web3SessionRecordFormat.TryRead(Web3SessionRecordFormat.Write(session), out var read));

        Assert.Equal(session.Id, read.Id);
        Assert.Equal(session.Scheme, read.Scheme);
        Assert.Equal(session.Domain, read.Domain);
        Assert.Equal(session.Address, read.Address);
        Assert.Equal(session.ChainId, read.ChainId);
        Assert.Equal(session.Version, read.Version);
        Assert.Equal(session.TokenHash, read.TokenHash);
        Assert.Equal(session.CreatedAt, read.CreatedAt);
        Assert.Equal(session.ExpiresAt, read.ExpiresAt);
        Assert.Equal(session.Permissions, read.Permissions);
        Assert.Equal(session.ClientHint, read.ClientHint);
        Assert.Equal(session.VerificationMethod, read.VerificationMethod);
        Assert.Equal(session.SignatureProof.Signature, read.SignatureProof!.Signature);
        Assert.Equal(session.SignatureProof.VerifiedAt, read.SignatureProof.VerifiedAt);
    }

    [Fact]
    public void The_version_is_a_top_level_number_that_the_redis_script_can_read()
    {
        var json = Encoding.UTF8.GetString(Web3SessionRecordFormat.Write(Session(null, "eoa") with { Version = 7 }));

        Assert.Contains("\"version\":7,", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_properties_are_skipped()
    {
        var json = Encoding.UTF8.GetString(Web3SessionRecordFormat.Write(Session(null, "eoa", "a/b")));
        json = json.Insert(1, "\"extra\":{\"nested\":[1,2]},\"more\":null,");

        Assert.True(TryRead(json, out var read));
        Assert.Equal("a/b", Assert.Single(read!.Permissions).Name);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"id":"x","chain":"one"}""")]
    [InlineData("""{"permissions":[{"expires":1}]}""")]
    [InlineData("""{"id":"x","scheme":"Web3","domain":"d","address":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae","chain":1,"version":1,"tokenHash":"AAAA","created":1,"expires":2,"permissions":[],"method":"eoa"}""")]
    [InlineData("""{"id":"x","scheme":"Web3","domain":"d","address":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","chain":1,"tokenHash":"AAAA","created":1,"expires":2,"permissions":[],"method":"eoa"}""")]
    [InlineData("""{"id":"x","scheme":"Web3","domain":"d","address":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","chain":1,"version":1,"tokenHash":"!!","created":1,"expires":2,"permissions":[],"method":"eoa"}""")]
    public void A_record_that_is_not_a_whole_session_reads_as_none_and_never_throws(string json)
    {
        Assert.False(TryRead(json, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw()
    {
        var random = new Random(4242);
        var valid = Web3SessionRecordFormat.Write(Session("ua", "eoa", "profile/read"));
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var truncated = bytes.AsSpan(0, random.Next(bytes.Length + 1));
            _ = Web3SessionRecordFormat.TryRead(truncated, out _);
        }
    }

    [Fact]
    public void A_typical_session_record_stays_under_768_bytes()
    {
        var session = Session(new string('x', 120), "eoa", "profile/read", "profile/write", "notes/read", "notes/write"); // the longest hint kept

        var bytes = Web3SessionRecordFormat.Write(session);

        Assert.True(bytes.Length <= 768, $"{bytes.Length} bytes");
    }

    [Fact]
    public void A_smart_wallet_record_with_revalidation_grows_by_the_signature()
    {
        var session = Session(null, Web3VerificationMethods.Eip1271, "profile/read");
        var proof = new Web3SignatureProof { MessageHash = new byte[32], Signature = new byte[65], VerifiedAt = Now };

        var without = Web3SessionRecordFormat.Write(session).Length;
        var with = Web3SessionRecordFormat.Write(session with { SignatureProof = proof }).Length;

        Assert.InRange(with - without, 32 + 65, 220); // base64 of the hash and signature, and a timestamp
    }
}
