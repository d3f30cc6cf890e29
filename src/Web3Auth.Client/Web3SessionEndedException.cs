using System.Net;

namespace Web3Auth.Client;

/// <summary>
/// The session is over: the site answered 401 <c>invalid_token</c> (revoked, signed out, expired, or its renewal was
/// refused). <see cref="Web3RequestException.Error"/> and <see cref="Web3RequestException.Detail"/> are the site's. A client with a root
/// signer forgets the session, and its next request signs in again; a <see cref="Web3DelegatedSession"/>, which has no
/// root signer, stays ended: every later request throws this again, with the same reason, without reaching the site.
/// </summary>
public sealed class Web3SessionEndedException : Web3RequestException
{
    internal Web3SessionEndedException(string? error, string? detail)
        : base(Describe("The session ended", error, detail), HttpStatusCode.Unauthorized, error, detail)
    {
    }
}
