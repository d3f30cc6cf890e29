using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.AspNetCore;
using Web3Auth.Client;
using Web3Auth.Testing;

namespace Web3Auth.Client.Tests;

/// <summary>
/// The real server (the test app in memory) and a service's container with a session-key HttpClient pointed at it.
/// One manual clock is both the server's and the client's TimeProvider.
/// </summary>
public sealed class Site : IDisposable
{
    private readonly SiteFactory _factory;
    private readonly ServiceProvider _services;

    public Site(Action<Web3SessionKeyClientOptions>? client = null, Action<Web3SessionKeyOptions>? server = null, Action<IServiceCollection>? serverServices = null,
        IWeb3RootSigner? signer = null, bool registerClient = true)
    {
        _factory = new SiteFactory(Time, server, serverServices);
        Signer = new CountingSigner(signer ?? Web3PrivateKeySigner.Generate());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        var builder = services.AddHttpClient("api", c => c.BaseAddress = new Uri("http://localhost"));
        if (registerClient)
        {
            builder.AddWeb3SessionKey(o =>
            {
                o.RootSigner = Signer;
                client?.Invoke(o);
            });
        }

        builder.AddHttpMessageHandler(() => new RecordingHandler(Sent, r => BeforeSend?.Invoke(r) ?? Task.CompletedTask) { AfterReceive = r => AfterReceive?.Invoke(r) ?? r });
        builder.ConfigurePrimaryHttpMessageHandler(() => _factory.Server.CreateHandler());
        _services = services.BuildServiceProvider();
    }

    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Runs before each request reaches the server, to hold one back.</summary>
    public Func<HttpRequestMessage, Task>? BeforeSend { get; set; }

    /// <summary>Sees (and may replace) each answer as it comes back from the server, before the recorder logs it.</summary>
    public Func<HttpResponseMessage, HttpResponseMessage>? AfterReceive { get; set; }

    /// <summary>The root signer, counting what it signs.</summary>
    public CountingSigner Signer { get; }

    /// <summary>Every request as it left the client (after the session-key handler) and the status it got.</summary>
    public ConcurrentQueue<RecordedExchange> Sent { get; } = new();

    public IServiceProvider ServerServices => _factory.Services;

    /// <summary>A handler straight to the server, bypassing the client.</summary>
    public HttpMessageHandler CreateServerHandler() => _factory.Server.CreateHandler();

    public HttpClient CreateClient() => _services.GetRequiredService<IHttpClientFactory>().CreateClient("api");

    /// <summary>
    /// A client of a service acting in <paramref name="session"/>: its requests pass the recorder, as the named
    /// client's do, on their way to the server.
    /// </summary>
    public HttpClient CreateDelegatedClient(Web3DelegatedSession session, string? userAgent = null)
    {
        var handler = session.CreateHandler();
        handler.InnerHandler = new RecordingHandler(Sent, r => BeforeSend?.Invoke(r) ?? Task.CompletedTask)
        {
            AfterReceive = r => AfterReceive?.Invoke(r) ?? r,
            InnerHandler = CreateServerHandler(),
        };
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        if (userAgent is not null)
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        return http;
    }

    /// <summary>The client's shared session, to look at what it holds.</summary>
    internal Web3ClientSession Session => _services.GetRequiredService<Web3ClientSessions>().Get("api");

    public void Dispose()
    {
        _services.Dispose();
        _factory.Dispose();
    }

    private sealed class SiteFactory(ManualTimeProvider time, Action<Web3SessionKeyOptions>? options, Action<IServiceCollection>? services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(time);
                s.PostConfigure<Web3SessionKeyOptions>(Web3AuthDefaults.AuthenticationScheme, o => options?.Invoke(o));
                services?.Invoke(s);
            });
        }
    }
}

/// <summary>A request as sent, with its DPoP proof if any, and the answer's status.</summary>
public sealed record RecordedExchange(HttpMethod Method, Uri Uri, string? Authorization, string? Proof, System.Net.HttpStatusCode Status);

/// <summary>Sits between the session-key handler and the server and writes down what passes.</summary>
public sealed class RecordingHandler(ConcurrentQueue<RecordedExchange> log, Func<HttpRequestMessage, Task> beforeSend) : DelegatingHandler
{
    public Func<HttpResponseMessage, HttpResponseMessage>? AfterReceive { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await beforeSend(request);
        var response = await base.SendAsync(request, cancellationToken);
        response = AfterReceive?.Invoke(response) ?? response;
        log.Enqueue(new RecordedExchange(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("DPoP", out var proofs) ? proofs.Single() : null, response.StatusCode));
        return response;
    }
}

/// <summary>A root signer that counts its signatures and can be told to fail.</summary>
public sealed class CountingSigner(IWeb3RootSigner inner) : IWeb3RootSigner
{
    private int _count;

    public Web3Auth.Siwe.EthereumAddress Address => inner.Address;

    public int Count => Volatile.Read(ref _count);

    public ConcurrentQueue<string> Messages { get; } = new();

    private volatile bool _offline;

    public bool Offline { get => _offline; set => _offline = value; }

    public ValueTask<string> SignPersonalMessageAsync(string message, CancellationToken cancellationToken)
    {
        if (_offline)
        {
            throw new InvalidOperationException("The wallet is offline.");
        }

        Interlocked.Increment(ref _count);
        Messages.Enqueue(message);
        return inner.SignPersonalMessageAsync(message, cancellationToken);
    }
}
