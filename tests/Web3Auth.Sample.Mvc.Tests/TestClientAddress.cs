using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Web3Auth.Sample.Mvc.Tests;

/// <summary>
/// Lets a test pose as another client: a request with <see cref="Header"/> gets that remote IP address before the
/// site's pipeline sees it. Every test request comes from loopback, and the rate limiter partitions by address.
/// Test-only: a real site must never take the client address from a request header it does not control.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(next => context =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return next(context);
        });
        next(app);
    };
}
