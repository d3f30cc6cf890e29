using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Metrics (<see cref="System.Diagnostics.Metrics"/>) and traces of the package, under the name
/// <see cref="Web3AuthDefaults.DiagnosticsName"/>. Outcome tags use the stable error codes, or <c>success</c>.
/// </summary>
internal sealed class Web3AuthMetrics
{
    public const string Success = "success";

    public static readonly ActivitySource ActivitySource = new(Web3AuthDefaults.DiagnosticsName);

    private readonly Counter<long> _challenges;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _authentications;
    private readonly Counter<long> _revocations;

    public Web3AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Web3AuthDefaults.DiagnosticsName);
        _challenges = meter.CreateCounter<long>("web3auth.challenges", "{challenge}", "Sign-in messages issued.");
        _logins = meter.CreateCounter<long>("web3auth.logins", "{login}", "Sign-in attempts by outcome.");
        _authentications = meter.CreateCounter<long>("web3auth.authentications", "{request}", "Requests authenticated with a session token, by outcome.");
        _revocations = meter.CreateCounter<long>("web3auth.revocations", "{revocation}", "Revocations by kind: session, permission, all, wallet (the smart-contract wallet stopped accepting the signature).");
    }

    public void SignInMessageIssued() => _challenges.Add(1);

    public void Login(string outcome) => _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Authentication(string outcome) => _authentications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Revocation(string kind, int count = 1) => _revocations.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
