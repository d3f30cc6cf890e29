namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Where and how the sample keeps profiles and notes (configuration section <c>Sample</c>).</summary>
public sealed class SampleDataOptions
{
    /// <summary>The data folder; a relative path is under the app's content root. Default <c>App_Data</c>.</summary>
    public string DataPath { get; set; } = "App_Data";

    /// <summary>The SQLite database file; a relative path is under <see cref="DataPath"/>. Default <c>sample.db</c>.</summary>
    public string DatabaseFile { get; set; } = "sample.db";

    /// <summary>
    /// How long a statement waits for another request's write to end before it fails (SQLite's busy timeout).
    /// Default 5 seconds: writes take milliseconds, so only a stuck writer gets there.
    /// </summary>
    public TimeSpan DatabaseBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
