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
    public void Key_binding_forwarding_the_cookie_and_the_sign_in_page_bind_from_configuration()
    {
        using var app = new Web3AppFactory().WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Web3:ProofOfPossession"] = "Required",
            ["Authentication:Schemes:Web3:Dpop:Algorithms:0"] = "ES256",
            ["Authentication:Schemes:Web3:Dpop:ProofLifetime"] = "00:00:30",
            ["Authentication:Schemes:Web3:Dpop:NonceLifetime"] = "00:05:00",
            ["Authentication:Schemes:Web3:Permissions:funds/move:Description"] = "Move funds",
            ["Authentication:Schemes:Web3:Permissions:funds/move:RequireKeyBoundSession"] = "true",
            ["Authentication:Schemes:Web3:ForwardChallenge"] = "Cookies",
            ["Authentication:Schemes:Web3:ForwardForbid"] = "Cookies",
            ["Authentication:Schemes:Web3:SessionCookie:Name"] = "__Host-app",
            ["Authentication:Schemes:Web3:SessionCookie:SameSite"] = "Lax",
            ["Authentication:Schemes:Web3:SessionCookie:IsEssential"] = "false",
            ["Authentication:Schemes:Web3:SignInPagePath"] = "/signin",
        })));
        _ = app.CreateClient();

        var options = app.Services.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(Web3AuthDefaults.AuthenticationScheme);

        Assert.Equal(Web3ProofOfPossession.Required, options.ProofOfPossession);
        Assert.Equal(["ES256"], options.Dpop.Algorithms);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Dpop.ProofLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Dpop.NonceLifetime);
        Assert.True(options.Permissions.TryGet("funds/move", out var funds) && funds.RequiresKeyBoundSession);
        Assert.Equal("Cookies", options.ForwardChallenge);
        Assert.Equal("Cookies", options.ForwardForbid);
        Assert.Equal("__Host-app", options.SessionCookie.Name);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, options.SessionCookie.SameSite);
        Assert.False(options.SessionCookie.IsEssential);
        Assert.True(options.SessionCookie.HttpOnly); // unchanged default
        Assert.Equal("/signin", options.SignInPagePath?.Value);
    }

    [Theory]
    [InlineData("Authentication:Schemes:Web3:ProofOfPossession", "Sometimes", "Optional (the default) or Required")]
    [InlineData("Authentication:Schemes:Web3:Dpop:Algorithms:0", "HS256", "Dpop:Algorithms must list ES256, ES256K or both")]
    [InlineData("Authentication:Schemes:Web3:Dpop:ProofLifetime", "01:00:00", "Dpop:ProofLifetime must be between")]
    [InlineData("Authentication:Schemes:Web3:SessionCookie:SameSite", "Loose", "SessionCookie:SameSite is 'Loose'")]
    [InlineData("Authentication:Schemes:Web3:SignInPagePath", "signin", "starting with '/'")]
    public void A_wrong_key_binding_or_cookie_setting_stops_the_app_naming_it(string key, string value, string expected)
    {
        var error = StartFails(settings: new Dictionary<string, string?> { [key] = value });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
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
