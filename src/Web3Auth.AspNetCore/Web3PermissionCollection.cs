using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Web3Auth.AspNetCore;

/// <summary>The permissions a session can be granted, by name. Names are case-sensitive, like ReCap abilities.</summary>
public sealed class Web3PermissionCollection : IReadOnlyCollection<Web3Permission>
{
    private readonly Dictionary<string, Web3Permission> _permissions = new(StringComparer.Ordinal);

    /// <summary>The number of permissions.</summary>
    public int Count => _permissions.Count;

    /// <summary>Adds a permission, or replaces the one with the same name.</summary>
    public Web3PermissionCollection Add(Web3Permission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        _permissions[permission.Name] = permission;
        return this;
    }

    /// <summary>Adds a permission, or replaces the one with the same name.</summary>
    /// <param name="name">The ReCap ability, <c>namespace/action</c>.</param>
    /// <param name="description">What it allows, shown to users.</param>
    /// <param name="maxLifetime">Optional maximum lifetime of a grant.</param>
    /// <param name="grantedByDefault">Whether sign-in message requests that name no permissions ask for it.</param>
    /// <param name="requireKeyBoundSession">Whether only a key-bound (DPoP) session may hold it.</param>
    public Web3PermissionCollection Add(string name, string description, TimeSpan? maxLifetime = null, bool grantedByDefault = true, bool requireKeyBoundSession = false) =>
        Add(new Web3Permission(name, description, maxLifetime, grantedByDefault, requireKeyBoundSession));

    /// <summary>Removes every permission.</summary>
    public void Clear() => _permissions.Clear();

    /// <summary>Finds a permission by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out Web3Permission? permission) => _permissions.TryGetValue(name, out permission);

    /// <inheritdoc />
    public IEnumerator<Web3Permission> GetEnumerator() => _permissions.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
