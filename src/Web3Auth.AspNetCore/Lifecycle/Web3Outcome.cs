namespace Web3Auth.AspNetCore;

/// <summary>
/// What a lifecycle step gives: either its value or the problem to answer with. Every step of
/// <see cref="Web3SessionLifecycle"/> returns this; none throws for a client's mistake.
/// </summary>
internal readonly record struct Web3Outcome<T>(T? Value, Web3ProblemResult? Problem)
    where T : class
{
    public static implicit operator Web3Outcome<T>(T value) => new(value, null);

    public static implicit operator Web3Outcome<T>(Web3ProblemResult problem) => new(null, problem);
}
