using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Web3Auth.Benchmarks;

/// <summary>
/// A quick A/B check for a loaded machine, used to measure each optimisation before and after
/// (<c>dotnet run -c Release -- --probe [recover|verify|siwe|keccak|authenticate|dpop ...]</c>): the benchmarks of the chosen
/// classes run in alternating rounds of about 2 ms, and the minimum per operation over the rounds is reported, which
/// other work on the machine disturbs least. Allocations are counted per operation on the probing thread.
/// A "Floor" case is added to the authentication pair: a scheme that does no work, the framework's own cost. "dpop"
/// runs the bearer request, both DPoP requests and their signature verifications alone, and prints each DPoP request's
/// ratio to its verification plus the bearer request (the key-bound sessions' target: at most 1.2).
/// </summary>
internal static class InterleavedProbe
{
    public static void Run(string[] args)
    {
        var classes = args.Length > 0 ? args : ["authenticate"];
        var cases = new List<(string Name, Func<object?> Run)>();
        var targets = new List<(string Request, string Verify, string Bearer)>();
        foreach (var name in classes.Select(c => c.ToUpperInvariant()))
        {
            switch (name)
            {
                case "RECOVER":
                    var recover = new RecoverBenchmarks();
                    recover.Setup();
                    cases.Add((nameof(recover.Web3AuthRecover), () => recover.Web3AuthRecover()));
                    cases.Add((nameof(recover.Libsecp256k1Recover), recover.Libsecp256k1Recover));
                    cases.Add((nameof(recover.NBitcoinRecover), recover.NBitcoinRecover));
                    cases.Add((nameof(recover.NethereumRecover), recover.NethereumRecover));
                    break;
                case "VERIFY":
                    var verify = new VerifyBenchmarks();
                    verify.Setup();
                    cases.Add((nameof(verify.Web3AuthVerifyEs256K), () => verify.Web3AuthVerifyEs256K()));
                    cases.Add((nameof(verify.Libsecp256k1VerifyEs256K), () => verify.Libsecp256k1VerifyEs256K()));
                    cases.Add((nameof(verify.DotNetVerifyEs256), () => verify.DotNetVerifyEs256()));
                    break;
                case "SIWE":
                    var siwe = new SiweBenchmarks();
                    siwe.Setup();
                    cases.Add((nameof(siwe.ParseMessage), siwe.ParseMessage));
                    cases.Add((nameof(siwe.VerifyLogin), () => siwe.VerifyLogin()));
                    break;
                case "KECCAK":
                    var keccak = new KeccakBenchmarks();
                    keccak.Setup();
                    cases.Add((nameof(keccak.Keccak32Bytes), keccak.Keccak32Bytes));
                    cases.Add((nameof(keccak.Keccak1KiB), keccak.Keccak1KiB));
                    break;
                case "AUTHENTICATE":
                    var authenticate = new AuthenticateBenchmarks();
                    authenticate.Setup();
                    cases.Add(("Floor", Floor()));
                    cases.Add((nameof(authenticate.Web3SessionAuthenticate), () => authenticate.Web3SessionAuthenticate().GetAwaiter().GetResult()));
                    cases.Add((nameof(authenticate.JwtBearerAuthenticate), () => authenticate.JwtBearerAuthenticate().GetAwaiter().GetResult()));
                    break;
                case "DPOP":
                    // Warm-up (1 s), allocation count (1,000) and 200 rounds of 2 ms each take a proof per request:
                    // about 25,000 at 70 us, fewer than the pool holds even on a machine twice as fast.
                    var dpop = new AuthenticateBenchmarks();
                    dpop.Setup(es256Proofs: ProbeProofs, es256KProofs: ProbeProofs);
                    cases.Add((nameof(dpop.Web3SessionAuthenticate), () => dpop.Web3SessionAuthenticate().GetAwaiter().GetResult()));
                    cases.Add((nameof(dpop.DpopEs256Authenticate), () => dpop.DpopEs256Authenticate().GetAwaiter().GetResult()));
                    cases.Add((nameof(dpop.Es256VerifyAlone), () => dpop.Es256VerifyAlone()));
                    cases.Add((nameof(dpop.DpopEs256KAuthenticate), () => dpop.DpopEs256KAuthenticate().GetAwaiter().GetResult()));
                    cases.Add((nameof(dpop.Es256KVerifyAlone), () => dpop.Es256KVerifyAlone()));
                    targets.Add((nameof(dpop.DpopEs256Authenticate), nameof(dpop.Es256VerifyAlone), nameof(dpop.Web3SessionAuthenticate)));
                    targets.Add((nameof(dpop.DpopEs256KAuthenticate), nameof(dpop.Es256KVerifyAlone), nameof(dpop.Web3SessionAuthenticate)));
                    break;
                default:
                    throw new ArgumentException($"Unknown class '{name}': use recover, verify, siwe, keccak, authenticate or dpop.", nameof(args));
            }
        }

        var minima = Measure(cases, rounds: 200);
        foreach (var (request, verify, bearer) in targets)
        {
            var ratio = minima[request] / (minima[verify] + minima[bearer]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{request} / ({verify} + {bearer}) = {ratio:F3} by minima (target <= 1.2: {(ratio <= 1.2 ? "met" : "not met")})"));
        }
    }

    private const int ProbeProofs = 100_000;

    // The minimum per operation of each case, in microseconds, by name; also printed with the median and allocations.
    private static Dictionary<string, double> Measure(List<(string Name, Func<object?> Run)> cases, int rounds)
    {
        foreach (var (_, run) in cases)
        {
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 1000)
            {
                run(); // tiered JIT up to its optimised code
            }
        }

        var allocated = cases.Select(c =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                c.Run();
            }

            return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        }).ToArray();

        var samples = cases.Select(_ => new List<double>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var count = 0;
                var watch = Stopwatch.StartNew();
                while (watch.ElapsedTicks < Stopwatch.Frequency / 500)
                {
                    cases[i].Run();
                    count++;
                }

                samples[i].Add(watch.Elapsed.TotalMicroseconds / count);
            }
        }

        var minima = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var sorted = samples[i].Order().ToArray();
            minima[cases[i].Name] = sorted[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cases[i].Name,-26} min {sorted[0],9:F2} us   median {sorted[sorted.Length / 2],9:F2} us   allocated {allocated[i],6} B (results boxed: +24 B for a bool)"));
        }

        return minima;
    }

    // The same request set-up as AuthenticateBenchmarks, with a scheme whose handler returns a fixed ticket.
    private static Func<object?> Floor()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, FixedTicketHandler>("Floor", _ => { });
        var provider = services.BuildServiceProvider();
        return () =>
        {
            using var scope = provider.CreateScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Headers.Authorization = "Bearer x";
            return context.AuthenticateAsync("Floor").GetAwaiter().GetResult();
        };
    }

    private sealed class FixedTicketHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity([new Claim("sub", "floor")], "Floor"));

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Principal, "Floor")));
    }
}
