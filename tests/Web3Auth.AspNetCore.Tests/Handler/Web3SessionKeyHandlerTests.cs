using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>The shared battery for the scheme as the quick start registers it: all defaults.</summary>
public sealed class Web3SessionKeyHandlerTests : SharedWeb3HandlerTests
{
    protected override string SchemeName => Web3AuthDefaults.AuthenticationScheme;

    protected override string? DisplayName => Web3AuthDefaults.DisplayName;

    protected override string EndpointPrefix => Web3AuthDefaults.EndpointPrefix;

    protected override void AddScheme(AuthenticationBuilder builder, Action<Web3SessionKeyOptions> configure) => builder.AddWeb3SessionKeys(configure);

    protected override void MapSessionEndpoints(WebApplication app) => app.MapWeb3SessionKeys();
}
