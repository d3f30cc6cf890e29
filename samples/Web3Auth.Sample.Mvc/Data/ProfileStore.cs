using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Profiles by address: one row each in the <c>profiles</c> table of the <see cref="SampleDatabase"/>.</summary>
public sealed class ProfileStore(SampleDatabase database, TimeProvider time)
{
    /// <summary>The profile of <paramref name="owner"/>, or <see langword="null"/> before the first save.</summary>
    public async Task<UserProfile?> FindAsync(EthereumAddress owner, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT name, updated_at FROM profiles WHERE address = $address;";
                command.Parameters.AddWithValue("$address", SampleDatabase.Key(owner));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                        ? new UserProfile(reader.GetString(0), SampleDatabase.ParseTime(reader.GetString(1)))
                        : null;
                }
            }
        }
    }

    /// <summary>Stores the name of <paramref name="owner"/> (already validated by <see cref="Models.ProfileName"/>).</summary>
    public async Task<UserProfile> SetNameAsync(EthereumAddress owner, string name, CancellationToken cancellationToken)
    {
        var profile = new UserProfile(name, time.GetUtcNow());
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = """
                    INSERT INTO profiles (address, name, updated_at) VALUES ($address, $name, $updated_at)
                    ON CONFLICT (address) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at;
                    """;
                command.Parameters.AddWithValue("$address", SampleDatabase.Key(owner));
                command.Parameters.AddWithValue("$name", profile.Name);
                command.Parameters.AddWithValue("$updated_at", SampleDatabase.FormatTime(profile.UpdatedAt));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return profile;
    }
}
