namespace Web3Auth.AspNetCore;

/// <summary>Whether sessions must be bound to a client key (DPoP, RFC 9449).</summary>
public enum Web3ProofOfPossession
{
    /// <summary>
    /// A sign-in may name a session key or not: sessions with a key need a DPoP proof on every request, the others
    /// are bearer sessions. Permissions marked <see cref="Web3Permission.RequiresKeyBoundSession"/> need a key.
    /// </summary>
    Optional,

    /// <summary>Every new session must be bound to a key: a sign-in message request without <c>sessionKey</c> gets 400.</summary>
    Required,
}
