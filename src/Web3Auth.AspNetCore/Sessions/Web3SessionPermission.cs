namespace Web3Auth.AspNetCore;

/// <summary>A permission granted to a session, live until <paramref name="ExpiresAt"/>.</summary>
/// <param name="Name">The ReCap ability, <c>namespace/action</c>.</param>
/// <param name="ExpiresAt">When this grant ends (at the latest when the session ends).</param>
public sealed record Web3SessionPermission(string Name, DateTimeOffset ExpiresAt);
