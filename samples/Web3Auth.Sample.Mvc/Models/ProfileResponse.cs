namespace Web3Auth.Sample.Mvc.Models;

/// <summary>Answer of <c>GET /api/profile</c> and <c>PUT /api/profile</c>.</summary>
/// <param name="Address">The signed-in address (EIP-55).</param>
/// <param name="Name">The stored name, or <see langword="null"/> before the first save.</param>
public sealed record ProfileResponse(string Address, string? Name);
