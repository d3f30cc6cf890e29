using System.Diagnostics;

namespace Web3Auth.AspNetCore;

/// <summary>
/// The activities (spans) of the package, from one <see cref="ActivitySource"/> named
/// <see cref="Web3AuthDefaults.DiagnosticsName"/>. Nothing is allocated when nobody listens:
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> then returns null and every helper here accepts null.
/// </summary>
/// <remarks>
/// Tags carry the scheme, the outcome (a stable error code of <see cref="Web3ErrorCodes"/>, or <c>success</c>) and
/// other low-cardinality facts; never a token, a signature, a message text, an address or a session id (which
/// contains the address): an address is a public identifier, but tied to a person it is personal data, and trace
/// back ends keep it far from the controls a log store has. Logs written inside a span carry its trace id and name
/// the session, so an operator who may see them can still find the session of a trace.
/// </remarks>
internal static class Web3AuthTracing
{
    public static readonly ActivitySource Source = new(Web3AuthDefaults.DiagnosticsName);

    // Activity names.
    public const string SignIn = "Web3Auth.SignIn";
    public const string Renew = "Web3Auth.Renew";
    public const string Authenticate = "Web3Auth.Authenticate";
    public const string RevokeSession = "Web3Auth.RevokeSession";
    public const string RevokePermission = "Web3Auth.RevokePermission";
    public const string RevokeAll = "Web3Auth.RevokeAll";
    public const string SmartWalletCheck = "Web3Auth.SmartWalletCheck";

    // Tag names.
    public const string SchemeTag = "web3auth.scheme";
    public const string OutcomeTag = "web3auth.outcome";
    public const string TransportTag = "web3auth.transport";
    public const string ChainIdTag = "web3auth.chain_id";
    public const string VerificationMethodTag = "web3auth.verification_method";
    public const string RevokedCountTag = "web3auth.revoked_count";
    public const string ErrorTypeTag = "error.type";

    /// <summary>Starts <paramref name="name"/> tagged with <paramref name="scheme"/>, or returns null when nobody listens.</summary>
    public static Activity? Start(string name, string scheme)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag(SchemeTag, scheme);
        return activity;
    }

    /// <summary>Tags the outcome; anything but <see cref="Web3AuthMetrics.Success"/> also sets the status to Error.</summary>
    public static void SetOutcome(this Activity? activity, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        if (!string.Equals(outcome, Web3AuthMetrics.Success, StringComparison.Ordinal))
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }

    /// <summary>
    /// For an exception filter (<c>catch (Exception ex) when (activity.Failed(ex))</c>): records the failure and returns
    /// false, so the exception goes on unchanged. A store outage is the outcome <c>store_unavailable</c>; anything
    /// else sets <c>error.type</c> to the exception's type, as OpenTelemetry's conventions do.
    /// </summary>
    public static bool Failed(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return false;
        }

        if (exception is Web3StoreUnavailableException)
        {
            activity.SetOutcome(Web3ErrorCodes.StoreUnavailable);
        }
        else
        {
            activity.SetTag(ErrorTypeTag, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        return false;
    }
}
