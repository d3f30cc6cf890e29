using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Web3Auth.AspNetCore;
using Web3Auth.Benchmarks;
using Web3Auth.LoadHost;

// Usage: Web3Auth.LoadHost --urls http://127.0.0.1:PORT --tokens FILE [--redis HOST:PORT [--local-cache SECONDS]]
// Serves /anon, /floor (a scheme doing no work: the framework's own cost), /jwt (Microsoft's JwtBearer) and, with the
// default store, /web3; with --redis, /web3-redis (the Redis store as configured by default: no local cache, one
// Redis script per request) or, with --local-cache too, /web3-redis-cached (LocalCacheDuration set). Once listening it
// signs the benchmark user in and writes "web3=..." and "jwt=..." lines to FILE for load.sh.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders(); // measure authentication, not the console
var redis = builder.Configuration["redis"];
var localCache = builder.Configuration["local-cache"] is { } seconds
    ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture))
    : TimeSpan.Zero;
var web3Path = redis is null ? "/web3" : localCache > TimeSpan.Zero ? "/web3-redis-cached" : "/web3-redis";

builder.Services.AddDistributedMemoryCache();
var authentication = builder.Services.AddAuthentication()
    .AddWeb3SessionKeys(BenchmarkIdentity.ConfigureWeb3)
    .AddBenchmarkJwtBearer()
    .AddScheme<AuthenticationSchemeOptions, FixedTicketHandler>(FixedTicketHandler.SchemeName, _ => { });
if (redis is not null)
{
    authentication.AddRedisStore(o =>
    {
        o.Configuration = redis;
        o.LocalCacheDuration = localCache; // zero unless --local-cache: the store's default, no cache
    });
}

builder.Services.AddAuthorization(o =>
{
    o.AddPolicy("web3", p => p.AddAuthenticationSchemes(Web3AuthDefaults.AuthenticationScheme).RequireAuthenticatedUser());
    o.AddPolicy("floor", p => p.AddAuthenticationSchemes(FixedTicketHandler.SchemeName).RequireAuthenticatedUser());
    o.AddPolicy("jwt", p => p.AddAuthenticationSchemes(BenchmarkIdentity.JwtScheme).RequireAuthenticatedUser());
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// No default scheme: /anon runs no handler at all, and each other path runs only its own.
app.MapGet("/anon", () => "ok");
app.MapGet("/floor", () => "ok").RequireAuthorization("floor");
app.MapGet("/jwt", () => "ok").RequireAuthorization("jwt");
app.MapGet(web3Path, () => "ok").RequireAuthorization("web3");

await app.StartAsync();

var now = TimeProvider.System.GetUtcNow();
var web3Token = await BenchmarkIdentity.SignInAsync(app.Services.GetRequiredService<IWeb3SessionStore>(), now);
var tokens = builder.Configuration["tokens"] ?? throw new InvalidOperationException("Pass --tokens FILE.");
await File.WriteAllTextAsync(tokens + ".tmp", $"web3={web3Token}\njwt={BenchmarkIdentity.CreateJwt(now)}\npath={web3Path}\n");
File.Move(tokens + ".tmp", tokens, overwrite: true); // appears whole, so load.sh never reads half a file

await app.WaitForShutdownAsync();
