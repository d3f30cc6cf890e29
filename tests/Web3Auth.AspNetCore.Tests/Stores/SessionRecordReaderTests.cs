using System.Text;
using System.Text.Json;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class SessionRecordReaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123);

    private static Web3Session Session(string? clientHint, string verificationMethod, params string[] permissions) => new()
    {
        Id = "AAECAwQFBgcICQoLDA0ODw",
        Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ChainId = ulong.MaxValue,
        TokenHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        CreatedAt = Now,
        ExpiresAt = Now.AddHours(1),
        Permissions = permissions.Select((p, i) => new Web3SessionPermission(p, Now.AddMinutes(i + 1))).ToArray(),
        ClientHint = clientHint,
        VerificationMethod = verificationMethod,
    };

    [Theory]
    [InlineData(null, "eoa")]
    [InlineData("Mozilla/5.0 \"quoted\" \u00e9", "erc1271")]
    public void Every_field_survives_a_write_and_a_read(string? clientHint, string verificationMethod)
    {
        var session = Session(clientHint, verificationMethod, "profile/read", "notes/write");

        var read = SessionRecordSerializer.DeserializeSession(SessionRecordSerializer.Serialize(session));

        Assert.NotNull(read);
        Assert.Equal(session.Id, read.Id);
        Assert.Equal(session.Address, read.Address);
        Assert.Equal(session.ChainId, read.ChainId);
        Assert.Equal(session.TokenHash, read.TokenHash);
        Assert.Equal(session.CreatedAt, read.CreatedAt);
        Assert.Equal(session.ExpiresAt, read.ExpiresAt);
        Assert.Equal(session.Permissions, read.Permissions);
        Assert.Equal(session.ClientHint, read.ClientHint);
        Assert.Equal(session.VerificationMethod, read.VerificationMethod);
    }

    [Fact]
    public void A_session_without_permissions_reads_back_with_none()
    {
        var read = SessionRecordSerializer.DeserializeSession(SessionRecordSerializer.Serialize(Session(null, "eoa")));

        Assert.NotNull(read);
        Assert.Empty(read.Permissions);
    }

    [Fact]
    public void Unknown_properties_are_skipped_and_a_missing_verification_method_is_eoa()
    {
        var json = """{"I":"id","X":{"nested":[1,2]},"A":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","C":1,"H":"AAAA","T":1,"E":2,"P":[{"N":"a/b","E":2,"Z":true}],"Extra":null}""";

        var read = SessionRecordSerializer.DeserializeSession(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(read);
        Assert.Equal(EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), read.Address);
        Assert.Equal("a/b", Assert.Single(read.Permissions).Name);
        Assert.Equal("eoa", read.VerificationMethod);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"A":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed","H":"AAAA","E":2}""")]
    [InlineData("""{"I":"id","A":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae","H":"AAAA","E":2}""")]
    [InlineData("""{"I":"id","A":"5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00","H":"AAAA","E":2}""")]
    [InlineData("""{"I":"id","A":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}""")]
    public void A_record_that_is_not_a_whole_session_reads_as_none(string json) =>
        Assert.Null(SessionRecordSerializer.DeserializeSession(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{")]
    [InlineData("""{"I":"id","C":"one"}""")]
    [InlineData("""{"P":[{"E":1}]}""")]
    public void Malformed_json_is_an_error_as_before(string json) =>
        Assert.ThrowsAny<JsonException>(() => SessionRecordSerializer.DeserializeSession(Encoding.UTF8.GetBytes(json)));
}
