using System.Globalization;
using Microsoft.Data.Sqlite;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>
/// The sample's one SQLite file, <c>{DataPath}/{DatabaseFile}</c> (<c>App_Data/sample.db</c> by default), holding
/// profiles and notes. The first open creates the folder, the file and the schema; the file is in WAL mode, so reads
/// never wait for a write, and a connection waits up to the busy timeout for another's write instead of failing with
/// <c>SQLITE_BUSY</c>. Connections are pooled: open one per operation, with <see cref="OpenAsync"/>.
/// </summary>
public sealed class SampleDatabase : IDisposable
{
    // Version N of the schema is what the first N steps make; PRAGMA user_version records how many a file has had.
    // A change of schema is a new step at the end: files made by an earlier version then catch up on their next open.
    private static readonly string[] SchemaSteps =
    [
        """
        CREATE TABLE IF NOT EXISTS profiles (
            address    TEXT NOT NULL PRIMARY KEY, -- lowercase 0x… address, from the signed-in session
            name       TEXT NOT NULL,
            updated_at TEXT NOT NULL              -- ISO 8601 round-trip ("O") format
        ) STRICT;
        CREATE TABLE IF NOT EXISTS notes (
            seq        INTEGER PRIMARY KEY,       -- insertion order: lists are newest first
            address    TEXT NOT NULL,
            id         TEXT NOT NULL,
            text       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (address, id)
        ) STRICT;
        """,
    ];

    private readonly string _connectionString;
    private readonly string _busyTimeout;
    private readonly SemaphoreSlim _creation = new(1, 1);
    private volatile bool _created;

    /// <summary>A database at <paramref name="path"/>; nothing is opened or created until the first use.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's write to end.</param>
    public SampleDatabase(string path, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(busyTimeout, TimeSpan.Zero);
        Path = System.IO.Path.GetFullPath(path);
        _busyTimeout = ((long)Math.Ceiling(busyTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement itself until the command timeout: the same bound.
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The schema version this code reads and writes (<c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => SchemaSteps.Length;

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>An open connection, with the schema created first if this is the first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the folder, the file and the schema if they are not there yet (the app calls it at start-up); a file
    /// of the current version is left as it is, one of a newer version is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file was made by a newer version of the sample.</exception>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                _created = true;
            }
        }
        finally
        {
            _creation.Release();
        }
    }

    /// <summary>How an address is stored: lowercase hex, so every spelling of one address is one key.</summary>
    public static string Key(EthereumAddress address) => address.ToLowercaseString();

    /// <summary>How a time is stored: ISO 8601 in the round-trip format, which keeps every tick and the offset.</summary>
    public static string FormatTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="FormatTime"/>.</summary>
    /// <exception cref="FormatException">The column holds something else.</exception>
    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Closes the pooled connections, so the file is released (and its WAL folded back in) when the app stops.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _creation.Dispose();
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection, not per file; a pooled connection keeps it, setting it again costs nothing.
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = " + _busyTimeout + ";", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CreateSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // A property of the file, kept once set; it cannot change inside a transaction.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE: a second process starting at the same moment waits here, then finds the schema made.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The sample's database {Path} has schema version {version}, newer than this sample's {SchemaVersion}. " +
                "Run the newer sample, or point Sample:DataPath at another folder.");
        }

        for (var step = version; step < SchemaVersion; step++)
        {
            await ExecuteAsync(connection, transaction, SchemaSteps[step], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "PRAGMA user_version = " + (step + 1).ToString(CultureInfo.InvariantCulture) + ";", cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
