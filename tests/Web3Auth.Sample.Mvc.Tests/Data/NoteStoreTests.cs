using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class NoteStoreTests : IDisposable
{
    private readonly TemporaryDatabase _temporary = new();

    public static TheoryData<string> SqlLookingTexts => new()
    {
        "'); DROP TABLE notes; --",
        "x' OR '1'='1",
        "\"; DELETE FROM profiles WHERE 1=1; --",
        "$address @id :text ?1 ?",
        "Robert'); UPDATE notes SET text = 'pwned'; --\nsecond line\twith a tab",
    };

    [Fact]
    public async Task Concurrent_additions_for_one_address_are_all_kept()
    {
        var notes = _temporary.Notes();
        var owner = TestWallet.FromSeed(6611).Address;

        var added = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => notes.AddAsync(owner, $"note {i}", CancellationToken.None))));

        Assert.All(added, Assert.NotNull);
        var stored = await new NoteStore(_temporary.Open(), TimeProvider.System).ListAsync(owner, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"note {i}").Order(), stored.Select(n => n.Text).Order());
        Assert.Equal(50, stored.Select(n => n.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_note_book_holds_at_most_the_limit_even_when_additions_race()
    {
        var notes = _temporary.Notes();
        var owner = TestWallet.FromSeed(6612).Address;
        for (var i = 0; i < NoteStore.MaxNotes - 10; i++)
        {
            Assert.NotNull(await notes.AddAsync(owner, $"note {i}", CancellationToken.None));
        }

        var racing = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => notes.AddAsync(owner, $"racing {i}", CancellationToken.None))));

        Assert.Equal(10, racing.Count(n => n is not null));
        Assert.Equal(NoteStore.MaxNotes, (await notes.ListAsync(owner, CancellationToken.None)).Count);
        Assert.Null(await notes.AddAsync(owner, "one too many", CancellationToken.None));
    }

    [Fact]
    public async Task Notes_are_listed_newest_first_even_within_one_clock_tick()
    {
        var notes = _temporary.Notes(new FrozenTime(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567)));
        var owner = TestWallet.FromSeed(6613).Address;

        var first = await notes.AddAsync(owner, "first", CancellationToken.None);
        var second = await notes.AddAsync(owner, "second", CancellationToken.None);

        var listed = await notes.ListAsync(owner, CancellationToken.None);
        Assert.Equal([second!, first!], listed); // id, text and time exactly as added
        Assert.Equal(TimeSpan.Zero, listed[0].CreatedAt.Offset);
    }

    [Fact]
    public async Task Each_address_sees_and_deletes_only_its_own_notes_keyed_by_its_lowercase_address()
    {
        var notes = _temporary.Notes();
        var alice = TestWallet.FromSeed(6614).Address;
        var bob = TestWallet.FromSeed(6615).Address;

        var note = await notes.AddAsync(alice, "alice", CancellationToken.None);

        Assert.Empty(await notes.ListAsync(bob, CancellationToken.None));
        Assert.False(await notes.DeleteAsync(bob, note!.Id, CancellationToken.None));
        Assert.Equal(alice.ToLowercaseString(), _temporary.Scalar("SELECT group_concat(DISTINCT address) FROM notes;"));
        Assert.True(await notes.DeleteAsync(alice, note.Id, CancellationToken.None));
        Assert.False(await notes.DeleteAsync(alice, note.Id, CancellationToken.None));
        Assert.Empty(await notes.ListAsync(alice, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(SqlLookingTexts))]
    public async Task A_note_that_looks_like_sql_is_stored_verbatim(string text)
    {
        var notes = _temporary.Notes();
        var owner = TestWallet.FromSeed(6616).Address;
        var other = TestWallet.FromSeed(6617).Address;
        await notes.AddAsync(other, "untouched", CancellationToken.None);

        var added = await notes.AddAsync(owner, text, CancellationToken.None);
        Assert.False(await notes.DeleteAsync(owner, "x' OR '1'='1", CancellationToken.None));

        Assert.Equal(text, Assert.Single(await notes.ListAsync(owner, CancellationToken.None)).Text);
        Assert.Equal(text, _temporary.Scalar($"SELECT text FROM notes WHERE id = '{added!.Id}';")); // the id is hex
        Assert.Equal("untouched", Assert.Single(await notes.ListAsync(other, CancellationToken.None)).Text);
    }

    public void Dispose() => _temporary.Dispose();

    private sealed class FrozenTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
