namespace Web3Auth.Sample.Worker;

/// <summary>Where the worker works and how often (configuration section <c>Worker</c>).</summary>
internal sealed class WorkerSettings
{
    /// <summary>The sample site's origin. Default <c>http://localhost:5000</c>.</summary>
    public Uri Site { get; set; } = new("http://localhost:5000");

    /// <summary>The secret the site knows as <c>Sample:Worker:Secret</c>: it lets the worker publish its key and collect delegations.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Where the worker keeps its key pair; a relative path is under the content root. Default <c>App_Data</c>.</summary>
    public string DataPath { get; set; } = "App_Data";

    /// <summary>How often the worker calls the site's API for each user. Default 10 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker asks the site for new delegations. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with the settings, in words that say how to fix it; empty when nothing is.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Site.IsAbsoluteUri || Site.Scheme is not ("http" or "https"))
        {
            yield return "Worker:Site must be the site's absolute http(s) origin, such as http://localhost:5000.";
        }

        if (Secret.Length < 32)
        {
            yield return "Worker:Secret must be the site's Sample:Worker:Secret (at least 32 characters; for example: openssl rand -hex 32, given to both).";
        }

        if (Interval <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            yield return "Worker:Interval and Worker:PollInterval must be positive.";
        }
    }
}
