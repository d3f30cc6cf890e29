using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Web3Auth.AspNetCore;

namespace Web3Auth.Benchmarks;

/// <summary>
/// One request's authentication through the real ASP.NET Core stack (a request scope, <c>HttpContext.AuthenticateAsync</c>,
/// the scheme's handler), for our session token against the default store on the in-memory distributed cache, and
/// for a JWT bearer token with the same claims.
/// </summary>
[BenchmarkCategory("Authenticate")]
public class AuthenticateBenchmarks
{
    private ServiceProvider _services = null!;
    private string _web3Authorization = "";
    private string _jwtAuthorization = "";

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "Benchmarks" });
        services.AddDistributedMemoryCache();
        services.AddAuthentication()
            .AddWeb3SessionKeys(BenchmarkIdentity.ConfigureWeb3)
            .AddBenchmarkJwtBearer();
        _services = services.BuildServiceProvider();

        var now = TimeProvider.System.GetUtcNow();
        var token = BenchmarkIdentity.SignInAsync(_services.GetRequiredService<IWeb3SessionStore>(), now).GetAwaiter().GetResult();
        _web3Authorization = "Bearer " + token;
        _jwtAuthorization = "Bearer " + BenchmarkIdentity.CreateJwt(now);

        var web3 = Web3SessionAuthenticate().GetAwaiter().GetResult();
        var jwt = JwtBearerAuthenticate().GetAwaiter().GetResult();
        if (!web3.Succeeded || !jwt.Succeeded)
        {
            throw new InvalidOperationException($"Authentication failed: web3 {web3.Failure?.Message}, jwt {jwt.Failure?.Message}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task<AuthenticateResult> Web3SessionAuthenticate() => AuthenticateAsync(Web3AuthDefaults.AuthenticationScheme, _web3Authorization);

    [Benchmark(Baseline = true)]
    public Task<AuthenticateResult> JwtBearerAuthenticate() => AuthenticateAsync(BenchmarkIdentity.JwtScheme, _jwtAuthorization);

    // What the authentication middleware does per request: a fresh context in a fresh request scope.
    private async Task<AuthenticateResult> AuthenticateAsync(string scheme, string authorization)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = authorization;
        return await context.AuthenticateAsync(scheme);
    }
}
