using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class ProfileStoreTests : IDisposable
{
    private readonly TemporaryDatabase _temporary = new();

    [Fact]
    public async Task Saving_again_replaces_the_name_and_time_in_the_one_row_of_the_address()
    {
        var profiles = _temporary.Profiles();
        var owner = TestWallet.FromSeed(6621).Address;

        Assert.Null(await profiles.FindAsync(owner, CancellationToken.None));
        await profiles.SetNameAsync(owner, "Ada", CancellationToken.None);
        var saved = await profiles.SetNameAsync(owner, "Ada Lovelace", CancellationToken.None);

        Assert.Equal(saved, await new ProfileStore(_temporary.Open(), TimeProvider.System).FindAsync(owner, CancellationToken.None));
        Assert.Equal(1L, _temporary.Scalar("SELECT COUNT(*) FROM profiles;"));
        Assert.Null(await profiles.FindAsync(TestWallet.FromSeed(6622).Address, CancellationToken.None));
    }

    [Fact]
    public async Task A_name_that_looks_like_sql_is_stored_verbatim()
    {
        var profiles = _temporary.Profiles();
        var owner = TestWallet.FromSeed(6623).Address;
        var other = TestWallet.FromSeed(6624).Address;
        await profiles.SetNameAsync(other, "Grace", CancellationToken.None);
        const string Name = "x'); UPDATE profiles SET name = 'pwned'; --";

        await profiles.SetNameAsync(owner, Name, CancellationToken.None);

        Assert.Equal(Name, (await profiles.FindAsync(owner, CancellationToken.None))?.Name);
        Assert.Equal("Grace", (await profiles.FindAsync(other, CancellationToken.None))?.Name);
    }

    public void Dispose() => _temporary.Dispose();
}
