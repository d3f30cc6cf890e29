using Microsoft.Data.Sqlite;
using Web3Auth.Sample.Mvc.Data;

namespace Web3Auth.Sample.Mvc.Tests.Data;

/// <summary>
/// The sample's database in a temporary folder of its own (<c>{folder}/App_Data/sample.db</c>), with the stores over
/// it; dispose closes every connection and deletes the folder.
/// </summary>
public sealed class TemporaryDatabase : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("web3auth-sample-db-");
    private readonly List<SampleDatabase> _opened = [];

    public TemporaryDatabase() => Database = Open();

    /// <summary>The database file (not there until the first use).</summary>
    public string Path => System.IO.Path.Combine(_folder.FullName, "App_Data", "sample.db");

    /// <summary>The database the stores use.</summary>
    public SampleDatabase Database { get; }

    /// <summary>Another <see cref="SampleDatabase"/> on the same file, as another process (or the app after a restart) has.</summary>
    public SampleDatabase Open(TimeSpan? busyTimeout = null)
    {
        var database = new SampleDatabase(Path, busyTimeout ?? TimeSpan.FromSeconds(5));
        _opened.Add(database);
        return database;
    }

    public NoteStore Notes(TimeProvider? time = null) => new(Database, time ?? TimeProvider.System);

    public ProfileStore Profiles(TimeProvider? time = null) => new(Database, time ?? TimeProvider.System);

    /// <summary>A connection of the test's own (not pooled), to look at the file the way the sqlite3 shell would.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The value of the first column of the first row of <paramref name="sql"/>, on a connection of the test's own.</summary>
    public object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }

        _folder.Delete(recursive: true);
    }
}
