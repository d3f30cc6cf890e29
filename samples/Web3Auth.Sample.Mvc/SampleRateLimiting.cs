using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// A per-client limit on the package's endpoints (<c>app.MapWeb3SessionKeys().RequireRateLimiting(…)</c>): each
/// challenge writes a nonce to the session store and each login may call a chain, so one client must not be able to
/// make unbounded numbers of them. Over the limit: 429 problem+json <c>rate_limited</c> with <c>Retry-After</c>.
/// </summary>
public static class SampleRateLimiting
{
    /// <summary>The policy name the endpoint group requires.</summary>
    public const string SignInPolicy = "web3-sign-in";

    /// <summary>The <c>error</c> of a refused request.</summary>
    public const string RejectedError = "rate_limited";

    /// <summary>The refusal as endpoint metadata, for the OpenAPI document: 429 problem+json <c>rate_limited</c>.</summary>
    public static readonly Web3ProblemResponseAttribute RejectedResponse = new(StatusCodes.Status429TooManyRequests, RejectedError);

    /// <summary>Registers the policy, sized by <c>Sample:RateLimit</c> (<see cref="SampleRateLimitOptions"/>).</summary>
    public static IServiceCollection AddSampleRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SampleRateLimitOptions>()
            .Bind(configuration.GetSection("Sample:RateLimit"))
            .Validate(o => o.PermitLimit > 0 && o.Window > TimeSpan.Zero, "Sample:RateLimit needs a PermitLimit above 0 and a positive Window.")
            .ValidateOnStart();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(SignInPolicy, context =>
            {
                // Read per request, not at registration, so configuration added later (tests, hosting) applies.
                var limits = context.RequestServices.GetRequiredService<IOptions<SampleRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = 0, // refuse at once: a queued sign-in would only hold a connection open
                });
            });
        });
        return services;
    }

    /// <summary>
    /// The partition of a request: its client's IP address, an IPv6 client by its /64 (one subscriber's whole
    /// prefix: it can pick any address in it, so per-address limits would not limit it). Behind a reverse proxy this is
    /// the proxy's address unless <c>UseForwardedHeaders</c> runs first with the proxy in <c>KnownProxies</c>.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown"; // not a TCP client (in-process test server, Unix socket): one shared partition
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    // The rejected request never reached the endpoint: the answer says only "too many, retry after", nothing of the
    // partition or of the limit's state.
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var detail = "Too many sign-in requests from your network. Retry later.";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail = $"Too many sign-in requests from your network. Retry in {seconds} seconds.";
        }

        await ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, detail, RejectedError).ConfigureAwait(false);
    }
}
