using Microsoft.Extensions.Options;
using Web3Auth.Client;

namespace Web3Auth.Sample.Worker;

/// <summary>
/// The hosted service: publishes the worker's public key to the site, then asks the site for delegations at every
/// poll interval and acts for each user who signed one (<see cref="UserSession"/>), one session per user: a newer
/// authorization of the same user replaces the running one.
/// </summary>
internal sealed class DelegationWorker(
    Web3SessionKey key, SiteConnection site, IHttpMessageHandlerFactory handlers, IOptions<WorkerSettings> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<DelegationWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, (Task Run, CancellationTokenSource Stop)> _running = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            if (!await PublishAsync(settings, stoppingToken))
            {
                lifetime.StopApplication();
                return;
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await site.CollectAsync(stoppingToken) is { } delegation)
                    {
                        Start(delegation, settings, stoppingToken);
                        continue; // more may be waiting
                    }
                }
                catch (SiteConnection.NotRegisteredException)
                {
                    // The site restarted and forgot the key.
                    if (!await PublishAsync(settings, stoppingToken))
                    {
                        lifetime.StopApplication();
                        return;
                    }
                }
                catch (HttpRequestException ex)
                {
                    Log.SiteUnreachable(logger, settings.Site, ex.Message);
                }

                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var (run, stop) in _running.Values)
            {
                await stop.CancelAsync();
                await run.ContinueWith(_ => { }, TaskScheduler.Default);
                stop.Dispose();
            }
        }
    }

    private async Task<bool> PublishAsync(WorkerSettings settings, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                if (!await site.PublishKeyAsync(key, stoppingToken))
                {
                    Log.SecretRefused(logger, settings.Site);
                    return false;
                }

                Log.KeyPublished(logger, settings.Site);
                return true;
            }
            catch (HttpRequestException ex)
            {
                Log.SiteUnreachable(logger, settings.Site, ex.Message);
            }

            await Task.Delay(settings.PollInterval, time, stoppingToken);
        }
    }

    private void Start(Delegation delegation, WorkerSettings settings, CancellationToken stoppingToken)
    {
        if (_running.Remove(delegation.Address, out var previous))
        {
            previous.Stop.Cancel();
            Log.Replaced(logger, delegation.Address);
        }

        foreach (var done in _running.Where(r => r.Value.Run.IsCompleted).ToList())
        {
            _running.Remove(done.Key);
            done.Value.Stop.Dispose();
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var user = new UserSession(delegation, key, handlers.CreateHandler(SiteConnection.ClientName), settings, time, logger);
        _running[delegation.Address] = (Task.Run(() => RunAsync(user, stop.Token), CancellationToken.None), stop);
    }

    private async Task RunAsync(UserSession user, CancellationToken cancellationToken)
    {
        try
        {
            await user.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Replaced or stopping.
        }
        catch (Exception ex)
        {
            Log.Failed(logger, user.Address, ex);
        }
    }
}
