namespace Web3Auth.Sample.Mvc.Data;

/// <summary>The notes of one address, oldest first.</summary>
public sealed record NoteBook(IReadOnlyList<Note> Notes)
{
    /// <summary>A note book without notes.</summary>
    public static NoteBook Empty { get; } = new([]);
}
