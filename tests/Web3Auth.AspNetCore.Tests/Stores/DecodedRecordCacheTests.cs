using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests.Stores;

public class DecodedRecordCacheTests
{
    private static byte[] Record(string id, string permission) => Web3SessionRecordFormat.Write(new Web3Session
    {
        Id = id,
        Scheme = "Web3",
        Domain = "app.example.com",
        Version = 1,
        Address = EthereumAddress.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        ChainId = 1,
        TokenHash = new byte[32],
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
        Permissions = [new Web3SessionPermission(permission, DateTimeOffset.UnixEpoch.AddDays(1))],
    });

    [Fact]
    public void The_same_array_is_decoded_once()
    {
        var cache = new DecodedRecordCache<Web3Session>(Web3SessionRecordFormat.TryRead);
        var record = Record("a", "profile/read");

        Assert.Same(cache.Decode(record), cache.Decode(record));
    }

    [Fact]
    public void Another_array_with_other_contents_is_decoded_afresh()
    {
        var cache = new DecodedRecordCache<Web3Session>(Web3SessionRecordFormat.TryRead);
        var first = cache.Decode(Record("a", "profile/read"));

        var replaced = cache.Decode(Record("a", "profile/write"));

        Assert.Equal("profile/read", Assert.Single(first!.Permissions).Name);
        Assert.Equal("profile/write", Assert.Single(replaced!.Permissions).Name);
    }

    [Fact]
    public void Many_records_in_parallel_each_decode_to_their_own_session()
    {
        var cache = new DecodedRecordCache<Web3Session>(Web3SessionRecordFormat.TryRead);
        var records = Enumerable.Range(0, 2000).Select(i => (Id: $"s{i}", Bytes: Record($"s{i}", "notes/read"))).ToArray();

        Parallel.For(0, records.Length * 3, i => Assert.Equal(records[i % records.Length].Id, cache.Decode(records[i % records.Length].Bytes)!.Id));
    }

    [Fact]
    public void A_record_that_is_not_a_session_is_not_kept()
    {
        var cache = new DecodedRecordCache<Web3Session>(Web3SessionRecordFormat.TryRead);
        var record = "null"u8.ToArray();

        Assert.Null(cache.Decode(record));
        Assert.Null(cache.Decode(record));
    }
}
