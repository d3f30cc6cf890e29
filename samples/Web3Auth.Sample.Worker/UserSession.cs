using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Web3Auth.Client;

namespace Web3Auth.Sample.Worker;

/// <summary>
/// The worker acting for one user: the session the user delegated to the worker's key, opened by submitting the
/// signed message, then the site's API called at every interval with what the session grants — until the site ends the
/// session (expiry, revocation, signing out everywhere), which is logged with the site's reason.
/// </summary>
internal sealed class UserSession(Delegation delegation, Web3SessionKey key, HttpMessageHandler primary, WorkerSettings settings, TimeProvider time, ILogger logger)
{
    public string Address => delegation.Address;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var session = Web3DelegatedSession.FromSignedMessage(key, delegation.Message, delegation.Signature, new Uri(settings.Site, "/auth/web3/"), time);
        var handler = session.CreateHandler();
        handler.InnerHandler = primary;
        using var http = new HttpClient(handler) { BaseAddress = settings.Site };
        http.DefaultRequestHeaders.UserAgent.Add(SiteConnection.UserAgent);

        Log.Authorized(logger, Address);
        SessionInfo? info = null;
        try
        {
            // The first request submits the signed message: the token is made for this process.
            info = await http.GetFromJsonAsync<SessionInfo>("/auth/web3/session", cancellationToken);
            var granted = info!.Permissions.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            Log.Acting(logger, Address, granted.Count == 0 ? "no permissions" : string.Join(", ", granted.Order(StringComparer.Ordinal)), info.ExpiresAt);
            if (granted.Contains("notes/write"))
            {
                await CallAsync(async () =>
                {
                    using var added = await http.PostAsJsonAsync("/api/notes", new { text = $"The background worker was here at {time.GetUtcNow():u}." }, cancellationToken);
                    added.EnsureSuccessStatusCode();
                    Log.NoteAdded(logger, Address);
                });
            }

            while (true)
            {
                await CallAsync(async () =>
                {
                    if (granted.Contains("notes/read"))
                    {
                        var notes = await http.GetFromJsonAsync<List<object>>("/api/notes", cancellationToken);
                        Log.NotesRead(logger, notes!.Count, Address);
                    }
                    else
                    {
                        using var checkedSession = await http.GetAsync(new Uri("/auth/web3/session", UriKind.Relative), cancellationToken);
                        checkedSession.EnsureSuccessStatusCode();
                        Log.NothingToDo(logger, Address);
                    }
                });
                await Task.Delay(settings.Interval, time, cancellationToken);
            }
        }
        catch (Web3SessionEndedException ended)
        {
            var reason = info is null ? "it ended before the worker could use it"
                : time.GetUtcNow() >= info.ExpiresAt ? $"it expired at {info.ExpiresAt:u}"
                : $"it was revoked before its end at {info.ExpiresAt:u}";
            Log.Stopped(logger, Address, ended.Error, ended.Detail, reason);
        }
        catch (Web3RequestException refused) when (info is null)
        {
            Log.OpenRefused(logger, Address, refused.Error, refused.Detail);
        }
        catch (Web3RequestException refused)
        {
            // Not the session's end, not a permission: the site refused the request itself (its proof, say).
            Log.Stopped(logger, Address, refused.Error, refused.Detail, "the site refused the worker's request");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && info is not null)
        {
            // Replaced by a newer authorization of the same user, or the worker stops: sign this session out, so it
            // does not linger in the user's list.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                using var signedOut = await http.DeleteAsync(new Uri("/auth/web3/session", UriKind.Relative), timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // It ends at its expiry anyway.
            }

            throw;
        }
    }

    // One round of calls: refusals that leave the session alive are logged, and the next interval tries again.
    private async Task CallAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Web3PermissionDeniedException denied)
        {
            Log.CallRefused(logger, Address, denied.Error, denied.Detail);
        }
        catch (Web3ServiceUnavailableException outage)
        {
            Log.CallFailed(logger, Address, outage.Message);
        }
        catch (HttpRequestException failure) when (failure is not Web3RequestException)
        {
            Log.CallFailed(logger, Address, failure.Message);
        }
    }

    private sealed record SessionInfo(
        [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt,
        [property: JsonPropertyName("permissions")] IReadOnlyList<GrantedPermission> Permissions);

    private sealed record GrantedPermission([property: JsonPropertyName("name")] string Name);
}
