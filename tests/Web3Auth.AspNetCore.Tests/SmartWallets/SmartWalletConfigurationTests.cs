using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Web3Auth.AspNetCore.Tests.SmartWallets;

public class SmartWalletConfigurationTests
{
    private const string At = "Authentication:Schemes:Web3";

    private static OptionsValidationException StartFails(Action<Web3SessionKeyOptions>? configure = null, Dictionary<string, string?>? settings = null) =>
        ConfigurationTests.StartFails(configure, "Development", settings);

    [Fact]
    public void Endpoints_timeout_retries_and_revalidation_bind_from_configuration()
    {
        using var app = new Web3AppFactory().WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{At}:AllowedChainIds:0"] = "1",
            [$"{At}:AllowedChainIds:1"] = "8453",
            [$"{At}:ChainRpcUrls:1"] = "https://eth.example/v3/key",
            [$"{At}:ChainRpcUrls:8453"] = "https://base.example/",
            [$"{At}:ChainRpcTimeout"] = "00:00:02",
            [$"{At}:ChainRpcRetries"] = "3",
            [$"{At}:SmartWalletRevalidationInterval"] = "00:15:00",
        })));
        _ = app.CreateClient();

        var options = app.Services.GetRequiredService<IOptionsMonitor<Web3SessionKeyOptions>>().Get(Web3AuthDefaults.AuthenticationScheme);

        Assert.Equal(new Uri("https://eth.example/v3/key"), options.ChainRpcUrls[1]);
        Assert.Equal(new Uri("https://base.example/"), options.ChainRpcUrls[8453]);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ChainRpcTimeout);
        Assert.Equal(3, options.ChainRpcRetries);
        Assert.Equal(TimeSpan.FromMinutes(15), options.SmartWalletRevalidationInterval);
    }

    [Fact]
    public void The_defaults_need_no_endpoint_and_re_check_nothing()
    {
        var options = new Web3SessionKeyOptions();

        Assert.Empty(options.ChainRpcUrls);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ChainRpcTimeout);
        Assert.Equal(1, options.ChainRpcRetries);
        Assert.Null(options.SmartWalletRevalidationInterval);
    }

    [Fact]
    public void A_chain_id_key_that_is_not_a_number_is_refused_with_its_path()
    {
        var error = StartFails(settings: new() { [$"{At}:ChainRpcUrls:base"] = "https://base.example/" });

        Assert.Contains($"{At}:ChainRpcUrls has the key 'base'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_refused_without_quoting_it()
    {
        var error = StartFails(settings: new() { [$"{At}:ChainRpcUrls:1"] = "not a url secret-key" });

        Assert.Contains($"{At}:ChainRpcUrls:1 is not an absolute URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_to_another_machine_is_refused_and_to_this_machine_allowed()
    {
        var error = StartFails(o => o.ChainRpcUrls[1] = new Uri("http://rpc.example/secret-key"));

        Assert.Contains($"{At}:ChainRpcUrls:1 uses http to another machine", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", error.Message, StringComparison.Ordinal);
        using var local = new Web3AppFactory { ConfigureOptions = o => o.ChainRpcUrls[1] = new Uri("http://127.0.0.1:8545") };
        _ = local.CreateClient();
    }

    [Fact]
    public void Another_scheme_is_refused()
    {
        var error = StartFails(o => o.ChainRpcUrls[1] = new Uri("wss://rpc.example/"));

        Assert.Contains($"{At}:ChainRpcUrls:1 must be an absolute https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_for_a_chain_that_is_not_allowed_is_refused()
    {
        var error = StartFails(o => o.ChainRpcUrls[8453] = new Uri("https://base.example/"));

        Assert.Contains("endpoint for chain 8453, which is not in AllowedChainIds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void Retries_outside_zero_to_five_are_refused(int retries)
    {
        var error = StartFails(o => o.ChainRpcRetries = retries);

        Assert.Contains($"{At}:ChainRpcRetries must be between 0 and 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_that_is_not_positive_is_refused()
    {
        var error = StartFails(o => o.ChainRpcTimeout = TimeSpan.Zero);

        Assert.Contains($"{At}:ChainRpcTimeout must be a positive time span", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Revalidation_without_any_endpoint_is_refused_as_it_could_never_apply()
    {
        var error = StartFails(o => o.SmartWalletRevalidationInterval = TimeSpan.FromMinutes(5));

        Assert.Contains($"{At}:SmartWalletRevalidationInterval is set but ChainRpcUrls is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revalidation_interval_that_is_not_positive_is_refused()
    {
        var error = StartFails(o =>
        {
            o.ChainRpcUrls[1] = new Uri("https://eth.example/");
            o.SmartWalletRevalidationInterval = TimeSpan.Zero;
        });

        Assert.Contains($"{At}:SmartWalletRevalidationInterval must be a positive time span", error.Message, StringComparison.Ordinal);
    }
}
