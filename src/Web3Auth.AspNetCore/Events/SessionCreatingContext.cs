using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Web3Auth.Siwe;

namespace Web3Auth.AspNetCore;

/// <summary>
/// Context of <see cref="Web3SessionKeyEvents.OnSessionCreating"/>: a verified sign-in about to become a session.
/// The application may refuse it or remove permissions; it cannot add any the wallet did not sign for.
/// </summary>
public sealed class SessionCreatingContext(HttpContext context, AuthenticationScheme scheme, Web3SessionKeyOptions options, EthereumAddress address, ulong chainId, IReadOnlyList<string> signedPermissions)
    : BaseContext<Web3SessionKeyOptions>(context, scheme, options)
{
    private readonly HashSet<string> _granted = new(signedPermissions, StringComparer.Ordinal);

    /// <summary>The wallet that signed.</summary>
    public EthereumAddress Address { get; } = address;

    /// <summary>The chain id of the message.</summary>
    public ulong ChainId { get; } = chainId;

    /// <summary>Whether this login is a renewal of an existing session.</summary>
    public bool IsRenewal { get; init; }

    /// <summary>The permissions the wallet signed for.</summary>
    public IReadOnlyList<string> SignedPermissions { get; } = signedPermissions;

    /// <summary>The permissions the session will get: the signed ones minus those removed here.</summary>
    public IReadOnlyCollection<string> GrantedPermissions => _granted;

    /// <summary>Whether the login was refused.</summary>
    public bool IsRefused { get; private set; }

    /// <summary>Why the login was refused; returned to the client.</summary>
    public string? RefusalReason { get; private set; }

    /// <summary>Withholds one signed permission from the session.</summary>
    public void RemovePermission(string name) => _granted.Remove(name);

    /// <summary>Refuses the login; the client gets 403 <c>login_refused</c> with <paramref name="reason"/>.</summary>
    public void Refuse(string reason)
    {
        IsRefused = true;
        RefusalReason = reason;
    }
}
