namespace Web3Auth.Sample.Mvc.Tests.Browser;

/// <summary>
/// The sample's API at http://localhost:{port} with CORS for one single-page app at http://127.0.0.1:{other port}
/// (<see cref="Spa"/>), and a second page origin it does not allow (<see cref="Stranger"/>). The sign-in domain is the
/// app's authority — the origin the wallet sees — and the message's URI the API's origin. DPoP nonces are required,
/// so every key-bound call needs the <c>DPoP-Nonce</c> header the API exposes to the app.
/// </summary>
public sealed class CrossOriginSites : IAsyncLifetime
{
    public SpaOrigin Spa { get; private set; } = null!;

    public SpaOrigin Stranger { get; private set; } = null!;

    public SampleSite Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Spa = await SpaOrigin.StartAsync();
        Stranger = await SpaOrigin.StartAsync();
        Api = new SampleSite
        {
            Domain = Spa.Domain,
            CorsOrigins = [Spa.Origin],
            DpopNonceLifetime = TimeSpan.FromMinutes(5),
        };
        Api.Start();
        Spa.Api = Api;
        Stranger.Api = Api;
    }

    public async Task DisposeAsync()
    {
        await Spa.DisposeAsync();
        await Stranger.DisposeAsync();
        await Api.DisposeAsync();
    }
}
