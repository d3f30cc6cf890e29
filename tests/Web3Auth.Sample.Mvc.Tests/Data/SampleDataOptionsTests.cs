using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Web3Auth.Sample.Mvc.Data;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class SampleDataOptionsTests
{
    [Fact]
    public void The_defaults_are_App_Data_sample_db_and_five_seconds()
    {
        var options = Resolve([]);

        Assert.Equal("App_Data", options.DataPath);
        Assert.Equal("sample.db", options.DatabaseFile);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DatabaseBusyTimeout);
    }

    [Theory]
    [InlineData("Sample:DataPath", " ", "Sample:DataPath and Sample:DatabaseFile")]
    [InlineData("Sample:DatabaseFile", "", "Sample:DataPath and Sample:DatabaseFile")]
    [InlineData("Sample:DatabaseBusyTimeout", "00:00:00", "Sample:DatabaseBusyTimeout")]
    [InlineData("Sample:DatabaseBusyTimeout", "01:00:00", "Sample:DatabaseBusyTimeout")]
    public void A_setting_that_makes_no_usable_database_is_refused_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static SampleDataOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSampleData(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SampleDataOptions>>().Value;
    }
}
