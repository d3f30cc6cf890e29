namespace Web3Auth.Sample.Mvc.Models;

/// <summary>A permission as a page shows it: the catalogue entry, and whether (and until when) this session holds it.</summary>
/// <param name="Name">The ReCap ability, e.g. <c>profile/write</c>.</param>
/// <param name="Description">What it allows, in words.</param>
/// <param name="GrantedByDefault">Whether the sign-in form ticks it by default.</param>
/// <param name="MaxLifetime">The grant's own cap, if shorter than the session.</param>
/// <param name="ExpiresAt">When this session's grant ends; <see langword="null"/> if the session does not hold it.</param>
public sealed record PermissionView(string Name, string Description, bool GrantedByDefault, TimeSpan? MaxLifetime, DateTimeOffset? ExpiresAt)
{
    public bool Granted => ExpiresAt is not null;
}
