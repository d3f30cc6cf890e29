using Web3Auth.AspNetCore;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads the wallet session a request was authenticated with.</summary>
public static class Web3HttpContextExtensions
{
    /// <summary>
    /// The session the request was authenticated with by a wallet session-key scheme, or <see langword="null"/> when
    /// none authenticated it (yet: authentication runs in <c>UseAuthentication</c> for the default scheme, or when a
    /// policy names the scheme).
    /// </summary>
    public static Web3Session? GetWeb3Session(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IWeb3SessionFeature>()?.Session;
    }
}
