using System.Security.Cryptography;
using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Private notes by address, one file each under <c>{DataPath}/notes</c>.</summary>
public sealed class NoteStore(UserDocumentStore<NoteBook> documents, TimeProvider time)
{
    /// <summary>The most notes one address may keep.</summary>
    public const int MaxNotes = 100;

    /// <summary>The notes of <paramref name="owner"/>, newest first.</summary>
    public async Task<IReadOnlyList<Note>> ListAsync(EthereumAddress owner, CancellationToken cancellationToken)
    {
        var book = await documents.ReadAsync(owner, cancellationToken).ConfigureAwait(false) ?? NoteBook.Empty;
        return book.Notes.Reverse().ToArray();
    }

    /// <summary>Adds a note (text already validated); <see langword="null"/> when the address has <see cref="MaxNotes"/> already.</summary>
    public async Task<Note?> AddAsync(EthereumAddress owner, string text, CancellationToken cancellationToken)
    {
        var note = new Note(RandomNumberGenerator.GetHexString(16, lowercase: true), text, time.GetUtcNow());
        var added = false;
        await documents.UpdateAsync(owner, book =>
        {
            var notes = book?.Notes ?? [];
            if (notes.Count >= MaxNotes)
            {
                return book;
            }

            added = true;
            return new NoteBook([.. notes, note]);
        }, cancellationToken).ConfigureAwait(false);
        return added ? note : null;
    }

    /// <summary>Deletes a note of <paramref name="owner"/>; <see langword="false"/> if it has no note with that id.</summary>
    public async Task<bool> DeleteAsync(EthereumAddress owner, string id, CancellationToken cancellationToken)
    {
        var deleted = false;
        await documents.UpdateAsync(owner, book =>
        {
            if (book is null || !book.Notes.Any(n => n.Id == id))
            {
                return book;
            }

            deleted = true;
            return new NoteBook(book.Notes.Where(n => n.Id != id).ToArray());
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
