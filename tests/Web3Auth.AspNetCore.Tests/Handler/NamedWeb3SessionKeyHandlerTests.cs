using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>
/// The shared battery for the scheme under a name, display name and endpoint prefix of the application's: nothing
/// in the handler, its events or the lifecycle may assume the defaults.
/// </summary>
public sealed class NamedWeb3SessionKeyHandlerTests : SharedWeb3HandlerTests
{
    protected override string SchemeName => "CompanyWallet";

    protected override string? DisplayName => "Company wallet";

    protected override string EndpointPrefix => "/auth/company";

    protected override void AddScheme(AuthenticationBuilder builder, Action<Web3SessionKeyOptions> configure) =>
        builder.AddWeb3SessionKeys(SchemeName, DisplayName, configure);

    protected override void MapSessionEndpoints(WebApplication app) => app.MapWeb3SessionKeys(EndpointPrefix, SchemeName);
}
