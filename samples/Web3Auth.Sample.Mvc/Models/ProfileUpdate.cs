namespace Web3Auth.Sample.Mvc.Models;

/// <summary>Body of <c>PUT /api/profile</c>.</summary>
/// <param name="Name">The new name; see <see cref="ProfileName"/> for the rules.</param>
public sealed record ProfileUpdate(string? Name);
