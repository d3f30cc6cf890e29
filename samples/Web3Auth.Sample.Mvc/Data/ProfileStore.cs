using Web3Auth.Siwe;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>Profiles by address, one file each under <c>{DataPath}/profiles</c>.</summary>
public sealed class ProfileStore(UserDocumentStore<UserProfile> documents, TimeProvider time)
{
    /// <summary>The profile of <paramref name="owner"/>, or <see langword="null"/> before the first save.</summary>
    public Task<UserProfile?> FindAsync(EthereumAddress owner, CancellationToken cancellationToken) =>
        documents.ReadAsync(owner, cancellationToken);

    /// <summary>Stores the name of <paramref name="owner"/> (already validated by <see cref="Models.ProfileName"/>).</summary>
    public async Task<UserProfile> SetNameAsync(EthereumAddress owner, string name, CancellationToken cancellationToken)
    {
        var profile = new UserProfile(name, time.GetUtcNow());
        await documents.UpdateAsync(owner, _ => profile, cancellationToken).ConfigureAwait(false);
        return profile;
    }
}
