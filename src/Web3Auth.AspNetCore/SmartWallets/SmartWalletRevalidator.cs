using System.Collections.Concurrent;

namespace Web3Auth.AspNetCore;

/// <summary>What a revalidation concluded about a session.</summary>
internal enum RevalidationOutcome
{
    /// <summary>Checked recently enough, or the wallet still accepts the signature.</summary>
    Current,

    /// <summary>The wallet no longer accepts the signature (or the session has nothing to re-check with): end it.</summary>
    Ended,

    /// <summary>The chain could not be asked: answer 503 and ask again on the next request.</summary>
    ChainUnavailable,
}

/// <summary>
/// Re-checks smart-contract wallet sessions (<see cref="Web3SessionKeyOptions.SmartWalletRevalidationInterval"/>) on
/// use, at most once per interval per session and process. The hot path is a dictionary read and a comparison.
/// </summary>
/// <remarks>
/// The time of the last successful check lives here, in memory, not in the session record: writing it back would race
/// with revocations (a permission removed while the wallet is being asked would be restored by the write), and it
/// would cost a store write per interval. The record keeps the time of the signature itself
/// (<see cref="Web3SignatureProof.VerifiedAt"/>), so a restarted or new node simply asks once more. With several
/// nodes, a session is checked at most once per interval on each. Concurrent requests of one session share one check.
/// </remarks>
internal sealed class SmartWalletRevalidator(IWeb3SignatureVerifier verifier, TimeProvider time)
{
    private const int PruneEvery = 1024;

    private readonly ConcurrentDictionary<string, long> _checkedAtTicks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<RevalidationOutcome>>> _inFlight = new(StringComparer.Ordinal);
    private int _recordedSincePrune;

    public static bool Applies(Web3Session session, Web3SessionKeyOptions options) =>
        options.SmartWalletRevalidationInterval is not null && session.VerificationMethod != Web3VerificationMethods.Eoa;

    public Task<RevalidationOutcome> CheckAsync(Web3Session session, Web3SessionKeyOptions options, CancellationToken cancellationToken)
    {
        var interval = options.SmartWalletRevalidationInterval!.Value;
        var now = time.GetUtcNow().UtcTicks;
        if (session.SignatureProof is not { } proof)
        {
            // Signed in while revalidation was off: nothing to ask the wallet about, so the session ends when its
            // first check would have been due.
            return Task.FromResult(now - session.CreatedAt.UtcTicks < interval.Ticks ? RevalidationOutcome.Current : RevalidationOutcome.Ended);
        }

        if (IsCurrent(session.Id, proof, now, interval))
        {
            return Task.FromResult(RevalidationOutcome.Current);
        }

        // One check per session at a time, not tied to any one request's cancellation; each caller stops waiting on its
        // own. A request that found the check due just before another one finished it finds it current here.
        var check = _inFlight.GetOrAdd(session.Id, id => new Lazy<Task<RevalidationOutcome>>(() => RunAsync(id, session, proof, options, now)));
        return check.Value.WaitAsync(cancellationToken);
    }

    private bool IsCurrent(string sessionId, Web3SignatureProof proof, long now, TimeSpan interval)
    {
        var lastChecked = Math.Max(proof.VerifiedAt.UtcTicks, _checkedAtTicks.TryGetValue(sessionId, out var ticks) ? ticks : long.MinValue);
        return now - lastChecked < interval.Ticks;
    }

    private async Task<RevalidationOutcome> RunAsync(string sessionId, Web3Session session, Web3SignatureProof proof, Web3SessionKeyOptions options, long startedAt)
    {
        try
        {
            if (IsCurrent(sessionId, proof, startedAt, options.SmartWalletRevalidationInterval!.Value))
            {
                return RevalidationOutcome.Current;
            }

            var verification = await verifier.VerifyContractAsync(session.ChainId, session.Address, proof.MessageHash, proof.Signature, options, CancellationToken.None)
                .ConfigureAwait(false);
            switch (verification.Outcome)
            {
                case SignatureOutcome.Valid:
                    Record(sessionId, startedAt, options.SmartWalletRevalidationInterval!.Value);
                    return RevalidationOutcome.Current;
                case SignatureOutcome.ChainUnavailable:
                    return RevalidationOutcome.ChainUnavailable;
                default:
                    _checkedAtTicks.TryRemove(sessionId, out _);
                    return RevalidationOutcome.Ended;
            }
        }
        finally
        {
            _inFlight.TryRemove(sessionId, out _);
        }
    }

    private void Record(string sessionId, long checkedAt, TimeSpan interval)
    {
        _checkedAtTicks[sessionId] = checkedAt;
        if (Interlocked.Increment(ref _recordedSincePrune) % PruneEvery == 0)
        {
            // An entry older than the interval says nothing the record does not: forgetting it only means "due", which
            // it already is. So the map holds at most the sessions used within one interval.
            var due = time.GetUtcNow().UtcTicks - interval.Ticks;
            foreach (var entry in _checkedAtTicks)
            {
                if (entry.Value <= due)
                {
                    _checkedAtTicks.TryRemove(entry);
                }
            }
        }
    }
}
