namespace Web3Auth.AspNetCore;

/// <summary>
/// The session a request was authenticated with, published by the scheme's handler on
/// <see cref="Microsoft.AspNetCore.Http.HttpContext.Features"/> so endpoints and the app read it without another store
/// round trip: <c>HttpContext.Features.Get&lt;IWeb3SessionFeature&gt;()?.Session</c> or
/// <see cref="Microsoft.AspNetCore.Http.Web3HttpContextExtensions.GetWeb3Session"/>. It is the record as read when
/// the request was authenticated; a change made meanwhile is seen by the next request.
/// </summary>
public interface IWeb3SessionFeature
{
    /// <summary>The authenticated session.</summary>
    Web3Session Session { get; }
}

/// <summary>The handler's <see cref="IWeb3SessionFeature"/>.</summary>
internal sealed record Web3SessionFeature(Web3Session Session) : IWeb3SessionFeature;
