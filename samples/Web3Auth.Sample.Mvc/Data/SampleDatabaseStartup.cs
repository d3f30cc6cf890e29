namespace Web3Auth.Sample.Mvc.Data;

/// <summary>
/// Creates the database when the app starts, so the file is there on the first run and a folder the app cannot write
/// (or a file of a newer schema) stops it at start-up with the reason, not at the first request.
/// </summary>
internal sealed class SampleDatabaseStartup(SampleDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
