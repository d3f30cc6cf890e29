using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.AspNetCore;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// Hosts the test app in memory with a manual clock (the app's one clock: the TimeProvider service); tests tweak
/// options and services per instance. Several instances given the same <see cref="Store"/>, <see cref="Time"/> and
/// <see cref="DataProtection"/> act as nodes of one site.
/// </summary>
public sealed class Web3AppFactory : WebApplicationFactory<Program>
{
    public ManualTimeProvider Time { get; init; } = new(DateTimeOffset.UtcNow);

    /// <summary>The session store to use instead of the default one, for example a store shared by several nodes.</summary>
    public IWeb3SessionStore? Store { get; init; }

    /// <summary>The Data Protection keys sign-in messages are protected with; nodes of one site share them.</summary>
    public IDataProtectionProvider? DataProtection { get; init; }

    public Action<Web3SessionKeyOptions>? ConfigureOptions { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public string Environment { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            if (Store is not null)
            {
                services.AddSingleton(Store);
            }

            if (DataProtection is not null)
            {
                services.AddSingleton(DataProtection);
            }

            services.PostConfigure<Web3SessionKeyOptions>(Web3AuthDefaults.AuthenticationScheme, o => ConfigureOptions?.Invoke(o));
            ConfigureServices?.Invoke(services);
        });
    }

    public Web3TestClient CreateWeb3Client() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
}
