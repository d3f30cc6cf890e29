using System.Net;

namespace Web3Auth.Client;

/// <summary>
/// The session is over: the site answered 401 <c>invalid_token</c> (revoked, signed out, expired, or its renewal was
/// refused). The client forgets the session; its next request signs in again with the root signer.
/// </summary>
public sealed class Web3SessionEndedException : Web3RequestException
{
    internal Web3SessionEndedException(string? error, string? detail)
        : base(Describe("The session ended", error, detail), HttpStatusCode.Unauthorized, error, detail)
    {
    }
}
