using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Testing;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class SampleDatabaseTests : IDisposable
{
    private readonly TemporaryDatabase _temporary = new();

    [Fact]
    public async Task The_first_use_creates_the_folder_the_file_and_the_schema_in_wal_mode()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_temporary.Path)), "nothing is made before the first use");

        await _temporary.Database.EnsureCreatedAsync(CancellationToken.None);

        Assert.True(File.Exists(_temporary.Path));
        Assert.Equal(_temporary.Path, _temporary.Database.Path);
        Assert.Equal(1, SampleDatabase.SchemaVersion);
        Assert.Equal(1L, _temporary.Scalar("PRAGMA user_version;"));
        Assert.Equal("wal", _temporary.Scalar("PRAGMA journal_mode;"));
        Assert.Equal("notes,profiles", _temporary.Scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name);"));
    }

    [Fact]
    public async Task Creating_the_schema_again_keeps_the_data_and_the_version()
    {
        var owner = TestWallet.FromSeed(6601).Address;
        await _temporary.Notes().AddAsync(owner, "before", CancellationToken.None);

        var again = _temporary.Open();
        await again.EnsureCreatedAsync(CancellationToken.None);

        Assert.Equal("before", Assert.Single(await new NoteStore(again, TimeProvider.System).ListAsync(owner, CancellationToken.None)).Text);
        Assert.Equal(1L, _temporary.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public async Task Every_store_call_creates_the_schema_when_the_app_did_not()
    {
        var owner = TestWallet.FromSeed(6602).Address;

        Assert.Null(await _temporary.Profiles().FindAsync(owner, CancellationToken.None));

        Assert.Equal(1L, _temporary.Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused_with_what_to_do()
    {
        await _temporary.Database.EnsureCreatedAsync(CancellationToken.None);
        _temporary.Scalar("PRAGMA user_version = 7;");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _temporary.Open().EnsureCreatedAsync(CancellationToken.None));

        Assert.Contains("schema version 7, newer than this sample's 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sample:DataPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_waits_for_another_connections_write_instead_of_failing_busy()
    {
        var owner = TestWallet.FromSeed(6603).Address;
        var notes = _temporary.Notes();
        await notes.AddAsync(owner, "first", CancellationToken.None);

        var clock = Stopwatch.StartNew();
        Task<Note?> waiting;
        using (var other = _temporary.Connect())
        using (var transaction = other.BeginTransaction(deferred: false)) // holds the write lock
        {
            waiting = Task.Run(() => notes.AddAsync(owner, "second", CancellationToken.None));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(waiting.IsCompleted, "the write went through while another connection held the lock");
            Assert.Single(await notes.ListAsync(owner, CancellationToken.None)); // WAL: reads do not wait
            transaction.Commit();
        }

        Assert.NotNull(await waiting);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450));
        Assert.Equal(2, (await notes.ListAsync(owner, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_write_blocked_longer_than_the_busy_timeout_fails()
    {
        var owner = TestWallet.FromSeed(6604).Address;
        var notes = new NoteStore(_temporary.Open(busyTimeout: TimeSpan.FromMilliseconds(200)), TimeProvider.System);
        await notes.AddAsync(owner, "first", CancellationToken.None);

        using var other = _temporary.Connect();
        using var transaction = other.BeginTransaction(deferred: false);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqliteException>(() => notes.AddAsync(owner, "blocked", CancellationToken.None));

        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed}");
    }

    public void Dispose() => _temporary.Dispose();
}
