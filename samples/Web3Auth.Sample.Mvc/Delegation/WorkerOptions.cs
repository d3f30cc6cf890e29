namespace Web3Auth.Sample.Mvc.Delegation;

/// <summary>
/// The background worker's connection to the site (configuration section <c>Sample:Worker</c>). The worker and the
/// site share <see cref="Secret"/>: the worker sends it to publish its public key and to collect the delegations users
/// sign for that key; no one else can do either. Without a secret the site offers no worker.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The shortest secret accepted: 32 characters (for example 32 random bytes as 64 hex digits).</summary>
    public const int MinSecretLength = 32;

    /// <summary>The secret the worker sends as <c>Authorization: WorkerSecret &lt;secret&gt;</c>; empty turns the worker off.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Whether a worker can connect.</summary>
    public bool Enabled => Secret.Length > 0;
}
