using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Metrics (<see cref="System.Diagnostics.Metrics"/>) of the package, under the name
/// <see cref="Web3AuthDefaults.DiagnosticsName"/>; its traces are <see cref="Web3AuthTracing"/>. Outcome tags use the
/// stable error codes, or <c>success</c>.
/// </summary>
internal sealed class Web3AuthMetrics
{
    public const string Success = "success";

    // Bearer requests take microseconds, Redis round trips milliseconds, a smart-wallet revalidation up to seconds.
    private static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _challenges;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _authentications;
    private readonly Counter<long> _revocations;
    private readonly Histogram<double> _authenticationDuration;

    public Web3AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Web3AuthDefaults.DiagnosticsName);
        _challenges = meter.CreateCounter<long>("web3auth.challenges", "{challenge}", "Sign-in messages issued.");
        _logins = meter.CreateCounter<long>("web3auth.logins", "{login}", "Sign-in attempts by outcome.");
        _authentications = meter.CreateCounter<long>("web3auth.authentications", "{request}", "Requests authenticated with a session token, by outcome.");
        _revocations = meter.CreateCounter<long>("web3auth.revocations", "{revocation}", "Revocations by kind: session, permission, all, wallet (the smart-contract wallet stopped accepting the signature).");
        _authenticationDuration = meter.CreateHistogram(
            "web3auth.authentication.duration", "s", "Time to authenticate a request that carried a session token, by outcome, transport and scheme.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Whether anyone records <c>web3auth.authentication.duration</c>: when not, the handler does not time requests.</summary>
    public bool AuthenticationDurationEnabled => _authenticationDuration.Enabled;

    public void SignInMessageIssued() => _challenges.Add(1);

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Authentication(string outcome) => _authentications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void AuthenticationDuration(long startedAt, string outcome, string transport, string scheme) =>
        _authenticationDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new TagList
        {
            { "outcome", outcome },
            { "transport", transport },
            { "scheme", scheme },
        });

    public void Revocation(string kind, int count = 1) => _revocations.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
