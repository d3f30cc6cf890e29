using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class UserDocumentStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("web3auth-documents-");

    private NoteStore Notes() => new(new UserDocumentStore<NoteBook>(_folder.FullName, SampleJsonContext.Default.NoteBook), TimeProvider.System);

    [Fact]
    public async Task Concurrent_additions_for_one_address_are_all_kept()
    {
        var notes = Notes();
        var owner = TestWallet.FromSeed(6401).Address;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => notes.AddAsync(owner, $"note {i}", CancellationToken.None))));

        var stored = await Notes().ListAsync(owner, CancellationToken.None);
        Assert.Equal(40, stored.Count);
        Assert.Equal(40, stored.Select(n => n.Id).Distinct().Count());
    }

    [Fact]
    public async Task Each_address_has_its_own_file_named_after_the_address()
    {
        var notes = Notes();
        var alice = TestWallet.FromSeed(6402).Address;
        var bob = TestWallet.FromSeed(6403).Address;

        await notes.AddAsync(alice, "alice", CancellationToken.None);

        Assert.Empty(await notes.ListAsync(bob, CancellationToken.None));
        Assert.False(await notes.DeleteAsync(bob, (await notes.ListAsync(alice, CancellationToken.None))[0].Id, CancellationToken.None));
        Assert.Equal([alice.ToLowercaseString() + ".json"], Directory.GetFiles(_folder.FullName).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_note_book_holds_at_most_the_limit()
    {
        var notes = Notes();
        var owner = TestWallet.FromSeed(6404).Address;
        for (var i = 0; i < NoteStore.MaxNotes; i++)
        {
            Assert.NotNull(await notes.AddAsync(owner, $"note {i}", CancellationToken.None));
        }

        Assert.Null(await notes.AddAsync(owner, "one too many", CancellationToken.None));
        Assert.Equal(NoteStore.MaxNotes, (await notes.ListAsync(owner, CancellationToken.None)).Count);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
