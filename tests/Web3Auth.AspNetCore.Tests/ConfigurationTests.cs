using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Web3Auth.AspNetCore.Tests;

public class ConfigurationTests
{
    // A plain host rather than WebApplicationFactory: its deferred host can surface a start-up failure as an
    // ObjectDisposedException, hiding the message this test is about.
    internal static OptionsValidationException StartFails(Action<Web3SessionKeyOptions>? configure = null, string environment = "Production", Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Authentication:Schemes:Web3:Domain"] = "localhost" });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthentication(Web3AuthDefaults.AuthenticationScheme).AddWeb3SessionKeys(o => configure?.Invoke(o));
        using var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.StartAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public void A_missing_domain_outside_development_stops_the_app_naming_the_option()
    {
        var error = StartFails(o => o.Domain = null);
        Assert.Contains("Authentication:Schemes:Web3:Domain is required outside Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_with_a_scheme_is_refused()
    {
        var error = StartFails(o => o.Domain = "https://app.example.com/");
        Assert.Contains("Domain", error.Message, StringComparison.Ordinal);
        Assert.Contains("Leave out the scheme", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a permission")]
    [InlineData("profile")]
    public void A_permission_that_is_not_a_recap_ability_is_refused(string name)
    {
        var error = StartFails(o => o.Permissions.Add(name, "x"));
        Assert.Contains("namespace/action", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_lifetimes_are_refused()
    {
        var error = StartFails(o => { o.DefaultSessionLifetime = TimeSpan.FromDays(10); o.MaxSessionLifetime = TimeSpan.FromDays(1); });
        Assert.Contains("DefaultSessionLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_readable_cookie_is_refused()
    {
        var error = StartFails(o => { o.UseSessionCookie = true; o.SessionCookie.HttpOnly = false; });
        Assert.Contains("HttpOnly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_with_a_line_break_is_refused()
    {
        var error = StartFails(o => o.Statement = "line one\nline two");
        Assert.Contains("Statement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_configuration_is_refused_with_its_path()
    {
        var error = StartFails(settings: new() { ["Authentication:Schemes:Web3:SignInMessageLifetime"] = "five minutes" });
        Assert.Contains("Authentication:Schemes:Web3:SignInMessageLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_the_authentication_schemes_section()
    {
        using var app = new Web3AppFactory { Environment = "Production" }.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Web3:Domain"] = "app.example.com",
            ["Authentication:Schemes:Web3:Uri"] = "https://app.example.com/login",
            ["Authentication:Schemes:Web3:AllowedChainIds:0"] = "8453", // replaces the test app's [1, 10]
            ["Authentication:Schemes:Web3:AllowedChainIds:1"] = "84532",
            ["Authentication:Schemes:Web3:SignInMessageLifetime"] = "00:02:00",
            ["Authentication:Schemes:Web3:Permissions:files/read:Description"] = "Read files",
            ["Authentication:Schemes:Web3:Permissions:files/read:MaxLifetime"] = "00:30:00",
        })));
        _ = app.CreateClient();

        var options = app.Services.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(Web3AuthDefaults.AuthenticationScheme);

        Assert.Equal("app.example.com", options.Domain);
        Assert.Equal("https://app.example.com/login", options.Uri);
        Assert.Equal([8453UL, 84532UL], options.AllowedChainIds.Order());
        Assert.Equal(TimeSpan.FromMinutes(2), options.SignInMessageLifetime);
        Assert.True(options.Permissions.TryGet("files/read", out var files));
        Assert.Equal(TimeSpan.FromMinutes(30), files.MaxLifetime);
        await Task.CompletedTask;
    }

    [Fact]
    public void Uri_defaults_to_https_on_the_domain_and_chains_to_mainnet()
    {
        var options = new Web3SessionKeyOptions { Domain = "app.example.com" };
        new Web3SessionKeyPostConfigureOptions().PostConfigure(Web3AuthDefaults.AuthenticationScheme, options);

        Assert.Equal("https://app.example.com", options.Uri);
        Assert.Equal([1UL], options.AllowedChainIds);
    }
}
