namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Where the sample keeps profiles and notes (configuration section <c>Sample</c>).</summary>
public sealed class SampleDataOptions
{
    /// <summary>The data folder; a relative path is under the app's content root. Default <c>App_Data</c>.</summary>
    public string DataPath { get; set; } = "App_Data";
}
