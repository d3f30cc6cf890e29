using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc.Tests;

/// <summary>
/// The sample site on real Kestrel at http://localhost:{free port}, so a real browser can reach it. The sign-in
/// domain and URI are set to that origin through configuration, the way an operator would; data goes to a
/// temporary folder (or a given one, to test a restart).
/// </summary>
public sealed class SampleSite : WebApplicationFactory<Program>
{
    private string? _dataPath;
    private string? _domain;
    private bool _ownsData;

    public SampleSite()
    {
        Port = FreeLoopbackPort();
        // localhost (not 127.0.0.1): the origin the browser shows is what the wallet shows and the server checks.
        UseKestrel(kestrel => kestrel.ListenLocalhost(Port));
    }

    public int Port { get; }

    /// <summary>The site's origin, e.g. http://localhost:41234.</summary>
    public string Origin => $"http://localhost:{Port}";

    /// <summary>
    /// The EIP-4361 domain of the site: its own authority by default; a test of a page on another origin sets that
    /// page's authority (the origin the wallet sees), while <see cref="Origin"/> stays the message's URI.
    /// </summary>
    public string Domain
    {
        get => _domain ?? $"localhost:{Port}";
        init => _domain = value;
    }

    /// <summary><c>Sample:Cors:Origins</c>: the origins whose pages may call the API from script. None by default.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>
    /// The data folder: by default a temporary one, deleted on dispose; set it to start a site on existing data
    /// (then it is kept).
    /// </summary>
    public string DataPath
    {
        get
        {
            if (_dataPath is null)
            {
                _dataPath = Directory.CreateTempSubdirectory("web3auth-sample-").FullName;
                _ownsData = true;
            }

            return _dataPath;
        }
        init => _dataPath = value;
    }

    /// <summary>
    /// When set, the site's content root (a folder like a published site's, which the test makes and deletes); the
    /// data then goes where the site's own configuration puts it (<c>App_Data</c> under it) unless
    /// <see cref="DataPath"/> is set too. By default the sample's project folder, with data in a temporary folder.
    /// </summary>
    public string? ContentRoot { get; init; }

    /// <summary>When set, <c>ConnectionStrings:Redis</c>: sessions live in that Redis instead of <see cref="Cache"/>.</summary>
    public string? Redis { get; init; }

    /// <summary>
    /// <c>Sample:RateLimit:PermitLimit</c>: requests per client per <see cref="RateLimitWindow"/> on the sign-in
    /// endpoints. High by default, because every test client shares the loopback address; a rate-limit test lowers it.
    /// </summary>
    public int RateLimitPermits { get; init; } = 100_000;

    /// <summary><c>Sample:RateLimit:Window</c>. Long by default, so a window cannot roll over during a test.</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When set, <c>Authentication:Schemes:Web3:Dpop:NonceLifetime</c>: DPoP proofs must carry a nonce the server
    /// issued (401 <c>use_dpop_nonce</c> with a <c>DPoP-Nonce</c> header otherwise). Off by default, as in the sample.
    /// </summary>
    public TimeSpan? DpopNonceLifetime { get; init; }

    /// <summary>
    /// <c>Sample:Worker:Secret</c>, which the background worker sends to publish its key and collect delegations: a
    /// fresh random one per site by default, empty to run the site without a worker.
    /// </summary>
    public string WorkerSecret { get; init; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// When set, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>): the site
    /// exports its traces, metrics and logs there (SampleTelemetry.cs). Unset, the site has no telemetry.
    /// </summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>The hosting environment: Production by default, as a deployed site; Development shows what only it maps.</summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary>
    /// Shorter grants for tests: a permission named here gets this <c>MaxLifetime</c> instead of the sample's (e.g.
    /// <c>notes/write</c> for a few seconds, to watch it lapse in real time).
    /// </summary>
    public Dictionary<string, TimeSpan> PermissionLifetimes { get; } = [];

    public ShiftedTimeProvider Clock { get; } = new();

    /// <summary>The session cache; set <see cref="OutageCache.Down"/> to simulate a store outage.</summary>
    public OutageCache Cache { get; } = new();

    /// <summary>Starts Kestrel (idempotent).</summary>
    public SampleSite Start()
    {
        StartServer();
        return this;
    }

    /// <summary>An HTTP client for the site's real address, without cookies (a bearer-token API client).</summary>
    public HttpClient CreateApiClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(Origin),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        if (ContentRoot is not null)
        {
            builder.UseContentRoot(ContentRoot);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Web3:Domain"] = Domain,
            ["Authentication:Schemes:Web3:Uri"] = Origin,
            ["Sample:RateLimit:PermitLimit"] = RateLimitPermits.ToString(CultureInfo.InvariantCulture),
            ["Sample:RateLimit:Window"] = RateLimitWindow.ToString("c", CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Authentication:Schemes:Web3:Dpop:NonceLifetime"] = DpopNonceLifetime?.ToString("c", CultureInfo.InvariantCulture),
            ["Sample:Worker:Secret"] = WorkerSecret,
        };
        if (ContentRoot is null || _dataPath is not null)
        {
            settings["Sample:DataPath"] = DataPath;
        }

        for (var i = 0; i < CorsOrigins.Count; i++)
        {
            settings[$"Sample:Cors:Origins:{i}"] = CorsOrigins[i];
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));

        // Program.cs reads the connection string while it registers services, before the configuration above is
        // applied; a host setting is there from the start.
        builder.UseSetting("ConnectionStrings:Redis", Redis ?? "");
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", OtlpEndpoint ?? "");
        if (OtlpEndpoint is not null)
        {
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IDistributedCache>(Cache);
            services.AddSingleton<IStartupFilter, TestClientAddress>();
            services.PostConfigure<Web3SessionKeyOptions>(Web3AuthDefaults.AuthenticationScheme, o =>
            {
                o.TimeProvider = Clock;
                if (PermissionLifetimes.Count > 0)
                {
                    var catalogue = o.Permissions.ToList();
                    o.Permissions.Clear();
                    foreach (var permission in catalogue)
                    {
                        o.Permissions.Add(PermissionLifetimes.TryGetValue(permission.Name, out var lifetime) ? permission with { MaxLifetime = lifetime } : permission);
                    }
                }
            });
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath!, recursive: true);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
