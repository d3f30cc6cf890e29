namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>The browser tests share one site and one Chromium, and run one after another (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
