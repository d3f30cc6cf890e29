namespace Web3Auth.Sample.Mvc.Models;

/// <summary>Body of <c>POST /api/notes</c>.</summary>
/// <param name="Text">The note; see <see cref="NoteText"/> for the rules.</param>
public sealed record NoteRequest(string? Text);
