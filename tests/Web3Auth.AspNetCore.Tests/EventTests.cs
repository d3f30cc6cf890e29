using System.Net;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>What the events may not do; what they can do is covered for every registration by Handler/SharedWeb3HandlerTests.</summary>
public class EventTests
{
    [Fact]
    public async Task A_custom_error_description_cannot_break_out_of_the_www_authenticate_header()
    {
        using var app = new Web3AppFactory
        {
            ConfigureOptions = o => o.Events.OnChallenge = c =>
            {
                c.ErrorDescription = "bad \"token\"\r\nX-Injected: 1 \\";
                return Task.CompletedTask;
            },
        };
        using var client = app.CreateWeb3Client();

        var response = await client.SendAsync(HttpMethod.Get, "/api/me", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Injected"));
        Assert.Equal("error=\"invalid_token\", error_description=\"bad tokenX-Injected: 1 \"", Assert.Single(response.Headers.WwwAuthenticate).Parameter);
    }
}
