namespace Web3Auth.Sample.Mvc;

/// <summary>
/// How many sign-in and session requests one client may make (configuration section <c>Sample:RateLimit</c>). A
/// person signing in makes two (challenge, session) and a few more on the sessions page; the default leaves room for
/// retries and a handful of people behind one address, and stops a script hammering the store or the chain.
/// </summary>
public sealed class SampleRateLimitOptions
{
    /// <summary>Requests allowed per client per <see cref="Window"/>. Default 30.</summary>
    public int PermitLimit { get; set; } = 30;

    /// <summary>The fixed window the limit counts in. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
