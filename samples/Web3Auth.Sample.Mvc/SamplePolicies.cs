using Microsoft.AspNetCore.Authorization;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc;

/// <summary>One authorization policy per permission; the API controllers name them in <c>[Authorize]</c>.</summary>
public static class SamplePolicies
{
    public const string ReadProfile = nameof(ReadProfile);
    public const string WriteProfile = nameof(WriteProfile);
    public const string ReadNotes = nameof(ReadNotes);
    public const string WriteNotes = nameof(WriteNotes);

    /// <summary>Registers the policies: each authenticates with the wallet scheme and requires the live permission.</summary>
    public static void AddTo(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(ReadProfile, p => p.RequireWeb3Permission(SamplePermissions.ProfileRead));
        options.AddPolicy(WriteProfile, p => p.RequireWeb3Permission(SamplePermissions.ProfileWrite));
        options.AddPolicy(ReadNotes, p => p.RequireWeb3Permission(SamplePermissions.NotesRead));
        options.AddPolicy(WriteNotes, p => p.RequireWeb3Permission(SamplePermissions.NotesWrite));
    }
}
