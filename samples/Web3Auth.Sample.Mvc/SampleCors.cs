using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// Cross-origin access for a single-page app on another origin (configuration section <c>Sample:Cors</c>): the
/// sign-in endpoints (<c>MapWeb3SessionKeys().RequireCors(…)</c>) and the JSON API (<c>[EnableCors]</c> on its
/// controllers) answer the listed origins, nothing else does. No origins (the default) means no cross-origin access.
/// The recipe and what it means for cookies, CSRF and the sign-in message: docs/configuration.md "A single-page app
/// on another origin".
/// </summary>
public static class SampleCors
{
    /// <summary>The policy the endpoint group and the API controllers name.</summary>
    public const string PolicyName = "web3-spa";

    /// <summary>What a key-bound or bearer client sends: its token, its proof, a JSON body; and <c>Last-Event-ID</c> when it resumes a stream of events.</summary>
    public static readonly string[] AllowedHeaders = ["Authorization", "DPoP", "Content-Type", "Last-Event-ID"];

    /// <summary>What it must be able to read: the next DPoP nonce, why it was refused, when to retry, the next page.</summary>
    public static readonly string[] ExposedHeaders = ["DPoP-Nonce", "WWW-Authenticate", "Retry-After", "Link"];

    /// <summary>
    /// Registers the policy from <c>Sample:Cors</c> (<see cref="SampleCorsOptions"/>), read when the app starts, so
    /// configuration added after this call (tests, hosting) applies; a malformed origin stops the app.
    /// </summary>
    public static IServiceCollection AddSampleCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SampleCorsOptions>()
            .Bind(configuration.GetSection("Sample:Cors"))
            .Validate(o => o.Origins.All(IsOrigin), "Sample:Cors:Origins must list origins such as \"https://app.example.com\": scheme, host and port, no path.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SampleCorsOptions>>((cors, sample) =>
            cors.AddPolicy(PolicyName, policy => Build(policy, sample.Value)));
        return services;
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static void Build(CorsPolicyBuilder policy, SampleCorsOptions options)
    {
        policy.WithOrigins([.. options.Origins.Select(o => o.TrimEnd('/'))])
            .WithMethods("GET", "POST", "PUT", "DELETE")
            .WithHeaders(AllowedHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        if (options.AllowCredentials)
        {
            // Only for an app that sends the API's cookie along (fetch credentials: "include"); a key-bound or bearer
            // client needs no credentials mode, and without it no cross-origin request carries the cookie at all.
            policy.AllowCredentials();
        }
    }
}

/// <summary>Configuration section <c>Sample:Cors</c>.</summary>
public sealed class SampleCorsOptions
{
    /// <summary>Origins allowed to call the API from script, e.g. <c>https://app.example.com</c>. Empty: none.</summary>
    public IList<string> Origins { get; } = new List<string>();

    /// <summary>
    /// <c>Access-Control-Allow-Credentials: true</c>. Off by default: the sample's cookie is SameSite=Strict and its
    /// origin check refuses cookie writes from another origin, so a cross-origin app uses key-bound (DPoP) sessions.
    /// </summary>
    public bool AllowCredentials { get; set; }
}
