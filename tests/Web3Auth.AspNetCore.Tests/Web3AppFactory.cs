using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.AspNetCore;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>Hosts the test app in memory with a manual clock; tests tweak options and services per instance.</summary>
public sealed class Web3AppFactory : WebApplicationFactory<Program>
{
    public ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Action<Web3SessionKeyOptions>? ConfigureOptions { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public string Environment { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.PostConfigure<Web3SessionKeyOptions>(Web3AuthDefaults.AuthenticationScheme, o =>
            {
                o.TimeProvider = Time;
                ConfigureOptions?.Invoke(o);
            });
            ConfigureServices?.Invoke(services);
        });
    }

    public Web3TestClient CreateWeb3Client() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
}
