using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>
/// The permissions this site offers. The wallet signs the ones the user picks; each API endpoint requires one of
/// them through a <see cref="SamplePolicies">policy</see>.
/// </summary>
public static class SamplePermissions
{
    public const string ProfileRead = "profile/read";
    public const string ProfileWrite = "profile/write";
    public const string NotesRead = "notes/read";
    public const string NotesWrite = "notes/write";

    /// <summary>Adds the catalogue to the scheme's options.</summary>
    public static void AddTo(Web3PermissionCollection permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        permissions.Add(ProfileRead, "See your profile name");
        permissions.Add(ProfileWrite, "Change your profile name");
        permissions.Add(NotesRead, "Read your private notes");
        // A shorter grant inside a longer session: writing notes lapses after 30 minutes unless renewed.
        permissions.Add(NotesWrite, "Add and delete your private notes", maxLifetime: TimeSpan.FromMinutes(30));
    }
}
