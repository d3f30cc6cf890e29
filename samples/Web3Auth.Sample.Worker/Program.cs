// The sample's background worker: it holds its own P-256 session key (App_Data/worker-key.pem), publishes only the
// public half to the sample site, and acts for each user who delegates a session to that key on the site's sessions
// page — calling the site's API with the permissions the user chose, until the session expires or the user revokes
// it. Run it next to the site with the same secret (README, "Backend services"):
//
//   dotnet run --project samples/Web3Auth.Sample.Worker -- --Worker:Secret=<the site's Sample:Worker:Secret>
using Microsoft.Extensions.Options;
using Web3Auth.Sample.Worker;

var builder = Host.CreateApplicationBuilder(args);

// Worker:Site, Worker:Secret, …; a wrong setting stops the start with the fix (WorkerSettings.Problems).
builder.Services.AddOptions<WorkerSettings>()
    .Bind(builder.Configuration.GetSection("Worker"))
    .ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<WorkerSettings>, WorkerSettingsValidator>();
builder.Services.AddSingleton(TimeProvider.System);

// The key: loaded from its file, or made and kept there on first start.
builder.Services.AddSingleton(services =>
{
    var settings = services.GetRequiredService<IOptions<WorkerSettings>>().Value;
    var folder = Path.GetFullPath(settings.DataPath, builder.Environment.ContentRootPath);
    var key = WorkerKeyFile.LoadOrCreate(folder, out var created);
    var path = Path.Combine(folder, WorkerKeyFile.FileName);
    Log.KeyReady(services.GetRequiredService<ILogger<DelegationWorker>>(), key.DidKey, created ? "new, kept in " + path : "loaded from " + path);
    return key;
});

builder.Services.AddHttpClient(SiteConnection.ClientName, (services, http) =>
{
    http.BaseAddress = services.GetRequiredService<IOptions<WorkerSettings>>().Value.Site;
    http.DefaultRequestHeaders.UserAgent.Add(SiteConnection.UserAgent);
});
builder.Services.AddSingleton<SiteConnection>();
builder.Services.AddHostedService<DelegationWorker>();

builder.Build().Run();
