using System.Security.Cryptography;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Private notes by address: rows of the <c>notes</c> table of the <see cref="SampleDatabase"/>.</summary>
public sealed class NoteStore(SampleDatabase database, TimeProvider time)
{
    /// <summary>The most notes one address may keep.</summary>
    public const int MaxNotes = 100;

    /// <summary>The notes of <paramref name="owner"/>, newest first.</summary>
    public async Task<IReadOnlyList<Note>> ListAsync(EthereumAddress owner, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT id, text, created_at FROM notes WHERE address = $address ORDER BY seq DESC;";
                command.Parameters.AddWithValue("$address", SampleDatabase.Key(owner));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var notes = new List<Note>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        notes.Add(new Note(reader.GetString(0), reader.GetString(1), SampleDatabase.ParseTime(reader.GetString(2))));
                    }

                    return notes;
                }
            }
        }
    }

    /// <summary>Adds a note (text already validated); <see langword="null"/> when the address has <see cref="MaxNotes"/> already.</summary>
    public async Task<Note?> AddAsync(EthereumAddress owner, string text, CancellationToken cancellationToken)
    {
        var note = new Note(RandomNumberGenerator.GetHexString(16, lowercase: true), text, time.GetUtcNow());
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                // One statement counts and inserts, so concurrent additions cannot together pass the limit.
                command.CommandText = """
                    INSERT INTO notes (address, id, text, created_at)
                    SELECT $address, $id, $text, $created_at
                    WHERE (SELECT COUNT(*) FROM notes WHERE address = $address) < $max;
                    """;
                command.Parameters.AddWithValue("$address", SampleDatabase.Key(owner));
                command.Parameters.AddWithValue("$id", note.Id);
                command.Parameters.AddWithValue("$text", note.Text);
                command.Parameters.AddWithValue("$created_at", SampleDatabase.FormatTime(note.CreatedAt));
                command.Parameters.AddWithValue("$max", MaxNotes);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? note : null;
            }
        }
    }

    /// <summary>Deletes a note of <paramref name="owner"/>; <see langword="false"/> if it has no note with that id.</summary>
    public async Task<bool> DeleteAsync(EthereumAddress owner, string id, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "DELETE FROM notes WHERE address = $address AND id = $id;";
                command.Parameters.AddWithValue("$address", SampleDatabase.Key(owner));
                command.Parameters.AddWithValue("$id", id);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }
        }
    }
}
