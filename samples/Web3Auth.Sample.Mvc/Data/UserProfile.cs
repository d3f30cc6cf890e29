namespace Web3Auth.Sample.Mvc.Data;

/// <summary>What the site stores about an address: the name its owner chose.</summary>
public sealed record UserProfile(string Name, DateTimeOffset UpdatedAt);
