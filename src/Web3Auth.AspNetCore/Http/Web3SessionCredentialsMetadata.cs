namespace Web3Auth.AspNetCore;

/// <summary>
/// Endpoint metadata: the endpoint reads the caller's session of a scheme — <c>Authorization: Bearer</c>,
/// <c>Authorization: DPoP</c> with a <c>DPoP</c> proof, or the session cookie. The endpoints of
/// <c>MapWeb3SessionKeys</c> that use the current session carry it, so an OpenAPI transformer can state their security
/// requirements (docs/http-api.md#openapi); <c>POST {prefix}/challenge</c> carries it with
/// <see cref="IsRequired"/> <see langword="false"/>, since only a renewal needs the session.
/// </summary>
/// <param name="authenticationScheme">The scheme whose session the endpoint reads.</param>
/// <param name="isRequired">Whether every request needs the session, or only some.</param>
public sealed class Web3SessionCredentialsMetadata(string authenticationScheme, bool isRequired)
{
    /// <summary>The scheme whose session the endpoint reads.</summary>
    public string AuthenticationScheme { get; } = !string.IsNullOrEmpty(authenticationScheme)
        ? authenticationScheme
        : throw new ArgumentException("Name the authentication scheme.", nameof(authenticationScheme));

    /// <summary>
    /// <see langword="true"/> when every request needs the session (otherwise 401); <see langword="false"/> when only
    /// some do (a renewal: <c>"renew": true</c>).
    /// </summary>
    public bool IsRequired { get; } = isRequired;
}
