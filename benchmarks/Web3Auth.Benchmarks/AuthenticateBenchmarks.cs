using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Web3Auth.AspNetCore;
using Web3Auth.Siwe.Crypto;
using Web3Auth.Siwe.Keys;
using Web3Auth.Testing;

namespace Web3Auth.Benchmarks;

/// <summary>
/// One request's authentication through the real ASP.NET Core stack (a request scope, <c>HttpContext.AuthenticateAsync</c>,
/// the scheme's handler): our session token as a bearer against the default store on the in-memory distributed cache;
/// a key-bound session sent as <c>Authorization: DPoP</c> with a fresh proof (RFC 9449) per request, for a P-256 key
/// (ES256) and a secp256k1 key (ES256K); and Microsoft's JwtBearer with an HS256 token carrying the same claims.
/// Beside them, each DPoP request's signature verification alone, with the key already imported, so the DPoP rows can
/// be read as "verification + bearer request + the rest".
/// </summary>
/// <remarks>
/// Proofs are made in the set-up, never in the measured time: a pool of distinct proofs (distinct <c>jti</c>), one
/// taken per request. The benchmark app accepts proofs for the longest <c>Dpop:ProofLifetime</c> allowed (10 minutes)
/// so that the pool stays fresh through a run; a run that needs more proofs than the pool holds throws rather than
/// measure replays (which are refused, and fast).
/// </remarks>
[BenchmarkCategory("Authenticate")]
public class AuthenticateBenchmarks
{
    /// <summary>
    /// Proofs made per DPoP benchmark: more than the warm-up and one BenchmarkDotNet run of the job in BenchmarkConfig
    /// use (about 15,000 and 60,000 at 70 µs a request).
    /// </summary>
    public const int BenchmarkPoolSize = 150_000;

    private const string Method = "GET";
    private const string Path = "/api/notes";
    private const string TargetUri = "https://" + BenchmarkIdentity.Domain + Path;

    private ServiceProvider _services = null!;
    private string _web3Authorization = "";
    private string _jwtAuthorization = "";
    private ProofPool _es256 = null!;
    private ProofPool _es256K = null!;

    // Verification alone: the first proof's signature, over its signing input's SHA-256, with the key imported.
    private ECDsa _es256Key = null!;
    private byte[] _es256Hash = [];
    private byte[] _es256Signature = [];
    private byte[] _es256KPublicKey = [];
    private byte[] _es256KHash = [];
    private byte[] _es256KSignature = [];

    // Each set-up also runs its cases for a while first: the code is at its optimised tier before BenchmarkDotNet's
    // pilot picks the operations per iteration (secp256k1 in unoptimised code is ten times slower; a pilot that saw
    // it chose a few hundred operations per iteration, too few on a busy machine).
    [GlobalSetup(Targets = [nameof(Web3SessionAuthenticate), nameof(JwtBearerAuthenticate)])]
    public void Setup()
    {
        Setup(es256Proofs: 0, es256KProofs: 0);
        WarmUp(() => Web3SessionAuthenticate().GetAwaiter().GetResult(), () => JwtBearerAuthenticate().GetAwaiter().GetResult());
    }

    [GlobalSetup(Targets = [nameof(DpopEs256Authenticate), nameof(Es256VerifyAlone)])]
    public void SetupEs256()
    {
        Setup(es256Proofs: BenchmarkPoolSize, es256KProofs: 0);
        WarmUp(() => DpopEs256Authenticate().GetAwaiter().GetResult(), () => Es256VerifyAlone());
    }

    [GlobalSetup(Targets = [nameof(DpopEs256KAuthenticate), nameof(Es256KVerifyAlone)])]
    public void SetupEs256K()
    {
        Setup(es256Proofs: 0, es256KProofs: BenchmarkPoolSize);
        WarmUp(() => DpopEs256KAuthenticate().GetAwaiter().GetResult(), () => Es256KVerifyAlone());
    }

    /// <summary>The set-up with pools of the given sizes (at least one proof each, for the verify-alone cases and the check).</summary>
    public void Setup(int es256Proofs, int es256KProofs)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "Benchmarks" });
        services.AddDistributedMemoryCache();
        services.AddAuthentication()
            .AddWeb3SessionKeys(o =>
            {
                BenchmarkIdentity.ConfigureWeb3(o);
                o.Dpop.ProofLifetime = TimeSpan.FromMinutes(10); // the longest allowed: the pool stays fresh for the run
            })
            .AddBenchmarkJwtBearer();
        _services = services.BuildServiceProvider();

        var now = TimeProvider.System.GetUtcNow();
        var store = _services.GetRequiredService<IWeb3SessionStore>();
        _web3Authorization = "Bearer " + BenchmarkIdentity.SignInAsync(store, now).GetAwaiter().GetResult();
        _jwtAuthorization = "Bearer " + BenchmarkIdentity.CreateJwt(now);

        using (var p256 = DpopTestKey.P256())
        {
            _es256 = ProofPool.Create(p256, store, now, Math.Max(1, es256Proofs));
            (_es256Hash, _es256Signature) = SignatureOf(_es256.Proofs[0]);
            _es256Key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = p256.X, Y = p256.Y } });
        }

        using (var secp256k1 = DpopTestKey.Secp256k1(11))
        {
            _es256K = ProofPool.Create(secp256k1, store, now, Math.Max(1, es256KProofs));
            (_es256KHash, _es256KSignature) = SignatureOf(_es256K.Proofs[0]);
            _es256KPublicKey = [.. secp256k1.X, .. secp256k1.Y];
        }

        // Every case must succeed once, or the benchmark would measure 401s. The check spends each pool's first proof.
        var results = new[]
        {
            ("bearer", Web3SessionAuthenticate().GetAwaiter().GetResult()),
            ("jwt", JwtBearerAuthenticate().GetAwaiter().GetResult()),
            ("dpop es256", DpopEs256Authenticate().GetAwaiter().GetResult()),
            ("dpop es256k", DpopEs256KAuthenticate().GetAwaiter().GetResult()),
        };
        var failed = results.Where(r => !r.Item2.Succeeded).Select(r => $"{r.Item1}: {r.Item2.Failure?.Message}").ToArray();
        if (failed.Length > 0 || !Es256VerifyAlone() || !Es256KVerifyAlone())
        {
            throw new InvalidOperationException("Authentication failed: " + string.Join("; ", failed) + " (or a verify-alone case rejects its signature).");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// DPoP proofs used: ES256 {_es256.Used} of {_es256.Proofs.Length}, ES256K {_es256K.Used} of {_es256K.Proofs.Length}");
        _es256Key.Dispose();
        _services.Dispose();
    }

    [Benchmark]
    public Task<AuthenticateResult> Web3SessionAuthenticate() => AuthenticateAsync(Web3AuthDefaults.AuthenticationScheme, _web3Authorization, proof: null);

    [Benchmark]
    public Task<AuthenticateResult> DpopEs256Authenticate() => AuthenticateAsync(Web3AuthDefaults.AuthenticationScheme, _es256.Authorization, _es256.Next());

    [Benchmark]
    public bool Es256VerifyAlone() => _es256Key.VerifyHash(_es256Hash, _es256Signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public Task<AuthenticateResult> DpopEs256KAuthenticate() => AuthenticateAsync(Web3AuthDefaults.AuthenticationScheme, _es256K.Authorization, _es256K.Next());

    [Benchmark]
    public bool Es256KVerifyAlone() => Secp256k1.VerifySignature(_es256KHash, _es256KSignature, _es256KPublicKey);

    [Benchmark(Baseline = true)]
    public Task<AuthenticateResult> JwtBearerAuthenticate() => AuthenticateAsync(BenchmarkIdentity.JwtScheme, _jwtAuthorization, proof: null);

    // What the authentication middleware does per request: a fresh context in a fresh request scope. Every case
    // gets the same method and path; only the DPoP cases carry a DPoP header.
    private async Task<AuthenticateResult> AuthenticateAsync(string scheme, string authorization, string? proof)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = Method;
        context.Request.Path = Path;
        context.Request.Headers.Authorization = authorization;
        if (proof is not null)
        {
            context.Request.Headers["DPoP"] = proof;
        }

        return await context.AuthenticateAsync(scheme);
    }

    // About a second of each case (a DPoP case spends a proof per call: well under a tenth of the pool).
    private static void WarmUp(params Action[] cases)
    {
        foreach (var run in cases)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 1000)
            {
                run();
            }
        }
    }

    // The JWS signing input's SHA-256 and the r‖s signature of a compact proof: what the server verifies.
    private static (byte[] Hash, byte[] Signature) SignatureOf(string proof)
    {
        var lastDot = proof.LastIndexOf('.');
        return (SHA256.HashData(Encoding.ASCII.GetBytes(proof[..lastDot])), Base64Url.DecodeFromChars(proof.AsSpan(lastDot + 1)));
    }

    /// <summary>A key-bound session and distinct proofs for it, handed out one per request.</summary>
    private sealed class ProofPool
    {
        private int _next;

        private ProofPool(string authorization, string[] proofs)
        {
            Authorization = authorization;
            Proofs = proofs;
        }

        public string Authorization { get; }

        public string[] Proofs { get; }

        public int Used => _next;

        public static ProofPool Create(DpopTestKey key, IWeb3SessionStore store, DateTimeOffset now, int size)
        {
            var curve = key.Algorithm == "ES256" ? SessionKeyCurve.P256 : SessionKeyCurve.Secp256k1;
            var bound = new Web3BoundKey { DidKey = DidKey.Encode(curve, key.X, key.Y), Thumbprint = key.Thumbprint };
            var token = BenchmarkIdentity.SignInAsync(store, now, bound).GetAwaiter().GetResult();
            var proofs = new string[size];
            for (var i = 0; i < proofs.Length; i++)
            {
                proofs[i] = key.Proof(Method, TargetUri, token, now); // a new jti each
            }

            return new ProofPool("DPoP " + token, proofs);
        }

        // A proof not used before; single-threaded, as BenchmarkDotNet and the probe call it.
        public string Next() => _next < Proofs.Length
            ? Proofs[_next++]
            : throw new InvalidOperationException($"All {Proofs.Length} DPoP proofs are used: raise the pool size.");
    }
}
