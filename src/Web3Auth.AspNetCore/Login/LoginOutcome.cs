namespace Web3Auth.AspNetCore;

/// <summary>Either a value or the problem to answer with; the login steps return this instead of throwing.</summary>
internal readonly record struct LoginOutcome<T>(T? Value, Web3ProblemResult? Problem)
    where T : class
{
    public static implicit operator LoginOutcome<T>(T value) => new(value, null);

    public static implicit operator LoginOutcome<T>(Web3ProblemResult problem) => new(null, problem);
}
