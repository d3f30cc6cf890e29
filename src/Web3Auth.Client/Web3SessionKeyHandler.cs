namespace Web3Auth.Client;

/// <summary>
/// The HttpClient handler <c>AddWeb3SessionKey</c> adds: every request goes through the named client's one
/// <see cref="Web3ClientSession"/>, which outlives the handler instances the factory recycles.
/// </summary>
internal sealed class Web3SessionKeyHandler(Web3ClientSession session) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        session.SendAsync(request, (r, c) => base.SendAsync(r, c), cancellationToken);
}
