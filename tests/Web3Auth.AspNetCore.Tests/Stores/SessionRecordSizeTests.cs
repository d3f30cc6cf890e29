using Web3Auth.Siwe;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class SessionRecordSizeTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Web3Session WeekLongSession(params string[] permissions) => new()
    {
        Id = SessionToken.NewSessionId(),
        Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ChainId = 8453,
        TokenHash = new byte[32],
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(7),
        Permissions = permissions.Select(p => new Web3SessionPermission(p, Now.AddDays(7))).ToArray(),
    };

    [Fact]
    public void A_typical_session_record_stays_under_512_bytes()
    {
        var session = WeekLongSession("profile/read", "profile/write", "notes/read", "notes/write") with
        {
            ClientHint = new string('x', 120), // the longest hint kept
        };

        var bytes = SessionRecordSerializer.Serialize(session);
        output.WriteLine($"session record with 4 permissions and a 120-character client hint: {bytes.Length} bytes");

        Assert.True(bytes.Length <= 512, $"{bytes.Length} bytes");
        var read = SessionRecordSerializer.DeserializeSession(bytes);
        Assert.NotNull(read);
        Assert.Equal(session.Permissions.Select(p => (p.Name, p.ExpiresAt.ToUnixTimeMilliseconds())), read.Permissions.Select(p => (p.Name, p.ExpiresAt.ToUnixTimeMilliseconds())));
        Assert.Equal(session.ClientHint, read.ClientHint);
    }

    [Fact]
    public void A_smart_wallet_record_without_revalidation_is_as_small_as_an_eoa_one_and_with_it_grows_by_the_signature()
    {
        var session = WeekLongSession("profile/read") with { VerificationMethod = Web3VerificationMethods.Eip1271 };
        var proof = new Web3SignatureProof { MessageHash = new byte[32], Signature = new byte[65], VerifiedAt = Now };

        var without = SessionRecordSerializer.Serialize(session).Length;
        var with = SessionRecordSerializer.Serialize(session with { SignatureProof = proof }).Length;
        output.WriteLine($"EIP-1271 session record: {without} bytes; with a 65-byte signature kept for revalidation: {with} bytes");

        Assert.True(without <= 512, $"{without} bytes");
        Assert.InRange(with - without, 32 + 65, 200); // base64 of the hash and signature, and a timestamp
    }
}
