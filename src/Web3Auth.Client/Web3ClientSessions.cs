using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Web3Auth.Client;

/// <summary>One <see cref="Web3ClientSession"/> per named HttpClient, made on first use with that name's options.</summary>
internal sealed class Web3ClientSessions(IOptionsMonitor<Web3SessionKeyClientOptions> options, IServiceProvider services) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Web3ClientSession>> _sessions = new(StringComparer.Ordinal);

    public Web3ClientSession Get(string name) =>
        _sessions.GetOrAdd(name, n => new Lazy<Web3ClientSession>(() =>
            new Web3ClientSession(options.Get(n), services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System))).Value;

    public void Dispose()
    {
        foreach (var session in _sessions.Values.Where(s => s.IsValueCreated))
        {
            session.Value.Dispose();
        }
    }
}
