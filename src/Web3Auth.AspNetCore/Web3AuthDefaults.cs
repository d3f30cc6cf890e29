namespace Web3Auth.AspNetCore;

/// <summary>Default values for the wallet session-key authentication scheme.</summary>
public static class Web3AuthDefaults
{
    /// <summary>The default authentication scheme name: <c>Web3</c>.</summary>
    public const string AuthenticationScheme = "Web3";

    /// <summary>The display name of the default scheme.</summary>
    public const string DisplayName = "Ethereum wallet";

    /// <summary>The default route prefix of the login and session endpoints.</summary>
    public const string EndpointPrefix = "/auth/web3";

    /// <summary>
    /// The default session cookie name. The <c>__Host-</c> prefix makes browsers refuse the cookie unless it is
    /// Secure, has Path=/ and no Domain, so a sibling subdomain cannot plant or read it.
    /// </summary>
    public const string CookieName = "__Host-web3-session";

    /// <summary>
    /// The name of the <c>IHttpClientFactory</c> client that calls the chains' JSON-RPC endpoints (<c>ChainRpcUrls</c>):
    /// configure it with <c>services.AddHttpClient(Web3AuthDefaults.ChainRpcHttpClientName)</c> to add a proxy or headers.
    /// </summary>
    public const string ChainRpcHttpClientName = "Web3Auth.ChainRpc";

    /// <summary>
    /// The <c>AuthenticationProperties.Items</c> key under which a failed authentication carries its error code (one of
    /// <see cref="Web3ErrorCodes"/>), so a page that calls <c>AuthenticateAsync</c> can tell a store outage
    /// (<c>store_unavailable</c>) from a bad token.
    /// </summary>
    public const string AuthenticationErrorItem = "web3:error";

    /// <summary>The name of the Meter and ActivitySource the package reports through.</summary>
    public const string DiagnosticsName = "Web3Auth.AspNetCore";
}
