using Web3Auth.AspNetCore;
using Web3Auth.Sample.Mvc;
using Web3Auth.Sample.Mvc.Data;
using Web3Auth.Sample.Mvc.Delegation;
using Web3Auth.Sample.Mvc.OpenApi;

var builder = WebApplication.CreateBuilder(args);

// Sessions: in memory by default, Redis when ConnectionStrings:Redis is set (SessionStorage.cs).
builder.Services.AddSampleSessionStorage(builder.Configuration);

// OpenTelemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing otherwise (SampleTelemetry.cs).
builder.Services.AddSampleTelemetry(builder.Configuration);

// Sign-in with Ethereum. Domain, Uri, chains, lifetimes and the cookie switch come from
// Authentication:Schemes:Web3 in appsettings.json; the permission catalogue and the sign-in page from code.
builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme)
    .AddWeb3SessionKeys(o =>
    {
        SamplePermissions.AddTo(o.Permissions);
        // Pages a signed-out visitor opens go to the sign-in page (with returnUrl); the JSON API keeps its 401 problems.
        o.SignInPagePath = "/";
    });
builder.Services.AddAuthorization(SamplePolicies.AddTo);

// A per-client limit on the sign-in endpoints, sized by Sample:RateLimit (SampleRateLimiting.cs).
builder.Services.AddSampleRateLimiting(builder.Configuration);
builder.Services.AddSampleCors(builder.Configuration); // a single-page app on another origin, from Sample:Cors (SampleCors.cs)

// Profiles and notes: one SQLite file, App_Data/sample.db by default (Sample:DataPath, Data/SampleDatabase.cs).
builder.Services.AddSampleData(builder.Configuration);
builder.Services.AddSingleton<SignedInSessions>();

// The background worker (samples/Web3Auth.Sample.Worker): its public key and the delegations users sign for it,
// exchanged under Sample:Worker:Secret (Delegation/).
builder.Services.AddSampleWorker(builder.Configuration);

// Every API error is problem+json with an `error` code, like the package's own (ApiProblems.cs).
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
builder.Services.AddControllersWithViews()
    .ConfigureApiBehaviorOptions(o => o.InvalidModelStateResponseFactory = ApiProblems.InvalidModelState);

// The OpenAPI document at /openapi/v1.json, with the error codes and security schemes (OpenApi/SampleOpenApi.cs).
builder.Services.AddOpenApi(SampleOpenApi.Configure);

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error"); // ErrorController: problem+json for the API, an HTML page for pages
}

app.UseStatusCodePages(ApiProblems.WriteBodylessErrorAsync); // unknown API route → 404, wrong method → 405, as problems
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseCors();                 // before the limiter: a preflight is answered here and costs no permit
app.UseRateLimiter();          // before authentication: a refused request costs no session-store lookup
app.UseAuthentication();
app.UseAuthorization();

app.MapWeb3SessionKeys()       // POST /auth/web3/challenge, /auth/web3/session, GET/DELETE sessions, ...
    .RequireRateLimiting(SampleRateLimiting.SignInPolicy)
    .RequireCors(SampleCors.PolicyName)
    .WithMetadata(SampleRateLimiting.RejectedResponse); // its 429, in the OpenAPI document
app.MapControllers();          // pages (/, /profile, /notes, /sessions), the JSON API (/api/profile, /api/notes, /api/worker), /error
app.MapSampleOpenApi();        // /openapi/v1.json; in Development also Scalar's page at /scalar

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
