namespace Web3Auth.Sample.Mvc.Models;

/// <summary>The home page: the sign-in form when signed out, the account summary when signed in.</summary>
/// <param name="SignedIn">The session, or <see langword="null"/> when signed out.</param>
/// <param name="Catalogue">The permissions the sign-in form offers.</param>
/// <param name="ProfileName">The stored name, when the session may read it.</param>
/// <param name="ReturnUrl">A local URL to go to after signing in.</param>
/// <param name="Ended">Why the last session ended (<c>expired</c>, <c>signed-out</c>, …), for the banner.</param>
/// <param name="AllowedChainIds">The chains the site accepts.</param>
public sealed record HomeView(
    SignedInView? SignedIn,
    IReadOnlyList<PermissionView> Catalogue,
    string? ProfileName,
    string? ReturnUrl,
    string? Ended,
    IReadOnlyList<ulong> AllowedChainIds);
