namespace Web3Auth.Sample.Mvc.Data;

/// <summary>A private note.</summary>
public sealed record Note(string Id, string Text, DateTimeOffset CreatedAt);
