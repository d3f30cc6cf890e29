using Web3Auth.Siwe;
using Xunit.Abstractions;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class SessionRecordSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_typical_session_record_stays_under_512_bytes()
    {
        var now = DateTimeOffset.UtcNow;
        var session = new Web3Session
        {
            Id = SessionToken.NewSessionId(),
            Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            ChainId = 8453,
            TokenHash = new byte[32],
            CreatedAt = now,
            ExpiresAt = now.AddDays(7),
            Permissions = new[] { "profile/read", "profile/write", "notes/read", "notes/write" }.Select(p => new Web3SessionPermission(p, now.AddDays(7))).ToArray(),
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
}
