using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore.Tests;

public class AccountClaimValuesTests
{
    [Fact]
    public void The_values_are_those_of_the_session()
    {
        var session = new Web3Session
        {
            Id = "id",
            Scheme = "Web3",
            Domain = "app.example.com",
            Version = 1,
            Address = EthereumAddress.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
            ChainId = 8453,
            TokenHash = new byte[32],
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch,
            Permissions = [],
        };

        var values = AccountClaimValues.For(session.Address, session.ChainId);

        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", values.AddressText);
        Assert.Equal("8453", values.ChainIdText);
        Assert.Equal(session.AccountId, values.Subject);
    }

    [Fact]
    public void Many_accounts_on_many_chains_never_get_each_others_values()
    {
        // Far more accounts than the cache has slots, each asked for twice: collisions must only cost a recompute.
        var accounts = Enumerable.Range(0, 3000)
            .Select(i => (Address: new EthereumAddress(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)).AsSpan(0, 20)), ChainId: (ulong)(i % 3)))
            .ToArray();
        Parallel.For(0, accounts.Length * 2, i =>
        {
            var (address, chainId) = accounts[i % accounts.Length];
            var values = AccountClaimValues.For(address, chainId);
            Assert.Equal(address.ToString(), values.AddressText);
            Assert.Equal($"eip155:{chainId}:{address}", values.Subject);
        });
    }
}
