using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>
/// One JSON document per wallet address in a folder (<c>{folder}/0x….json</c>). The file name comes from the
/// signed-in address, never from user input. Updates are serialized per address and written with
/// <see cref="AtomicFile"/>, so concurrent requests cannot lose each other's changes and a crash cannot leave a torn file.
/// </summary>
public sealed class UserDocumentStore<T>(string folder, JsonTypeInfo<T> typeInfo)
    where T : class
{
    private readonly ConcurrentDictionary<EthereumAddress, SemaphoreSlim> _locks = new();

    /// <summary>The folder the documents live in.</summary>
    public string Folder { get; } = folder;

    /// <summary>The document of <paramref name="owner"/>, or <see langword="null"/> if it has none.</summary>
    public async Task<T?> ReadAsync(EthereumAddress owner, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(PathOf(owner), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Reads, changes and writes back the document of <paramref name="owner"/> as one step.</summary>
    /// <param name="owner">Whose document.</param>
    /// <param name="change">Gets the current document (null if none) and returns the new one; returning the very
    /// instance it was given (or null) writes nothing.</param>
    /// <param name="cancellationToken">Cancels the wait for the address's lock and the write.</param>
    /// <returns>What <paramref name="change"/> returned.</returns>
    public async Task<T?> UpdateAsync(EthereumAddress owner, Func<T?, T?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var gate = _locks.GetOrAdd(owner, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await ReadAsync(owner, cancellationToken).ConfigureAwait(false);
            var updated = change(current);
            if (updated is not null && !ReferenceEquals(updated, current))
            {
                await AtomicFile.WriteAllBytesAsync(PathOf(owner), JsonSerializer.SerializeToUtf8Bytes(updated, typeInfo), cancellationToken).ConfigureAwait(false);
            }

            return updated;
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(EthereumAddress owner) => Path.Combine(Folder, owner.ToLowercaseString() + ".json");
}
