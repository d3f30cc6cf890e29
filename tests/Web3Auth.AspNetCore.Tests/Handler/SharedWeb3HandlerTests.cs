using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Testing;

namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>
/// The battery every registration of the Web3 scheme must pass, in the style of ASP.NET Core's
/// <c>SharedAuthenticationTests&lt;TOptions&gt;</c>: each of the six events with what its context carries and how it
/// short-circuits, <c>EventsType</c>, and the <c>Forward*</c> options. A subclass says how the scheme is registered
/// and its endpoints mapped; every test builds its own host (<see cref="Web3HandlerHost"/>).
/// </summary>
public abstract partial class SharedWeb3HandlerTests
{
    /// <summary>The one wallet of these tests: every host has its own store.</summary>
    protected static readonly TestWallet Wallet = TestWallet.FromSeed(700);

    /// <summary>The name the scheme is registered under.</summary>
    protected abstract string SchemeName { get; }

    /// <summary>The display name the scheme is registered with.</summary>
    protected abstract string? DisplayName { get; }

    /// <summary>Where <see cref="MapSessionEndpoints"/> maps the sign-in endpoints.</summary>
    protected abstract string EndpointPrefix { get; }

    /// <summary>Registers the scheme as <see cref="SchemeName"/>, configured by <paramref name="configure"/>.</summary>
    protected abstract void AddScheme(AuthenticationBuilder builder, Action<Web3SessionKeyOptions> configure);

    /// <summary>Maps the scheme's sign-in endpoints under <see cref="EndpointPrefix"/>.</summary>
    protected abstract void MapSessionEndpoints(WebApplication app);

    /// <summary>
    /// A host whose default scheme is this one, offering <c>profile/read</c> (granted by default) and
    /// <c>profile/write</c>; <paramref name="configure"/> runs after those defaults.
    /// </summary>
    protected Task<Web3HandlerHost> StartAsync(
        Action<Web3SessionKeyOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? endpoints = null) =>
        Web3HandlerHost.StartAsync(SchemeName, EndpointPrefix, builder => AddScheme(builder, o =>
        {
            o.Domain = "localhost";
            o.Permissions.Add("profile/read", "Read your profile");
            o.Permissions.Add("profile/write", "Change your profile", grantedByDefault: false);
            configure?.Invoke(o);
        }), MapSessionEndpoints, services, endpoints);

    [Fact]
    public async Task The_scheme_is_registered_with_its_handler_and_display_name()
    {
        await using var host = await StartAsync();

        var scheme = await host.App.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SchemeName);

        Assert.NotNull(scheme);
        Assert.Equal(typeof(Web3SessionKeyHandler), scheme.HandlerType);
        Assert.Equal(DisplayName, scheme.DisplayName);
    }
}
