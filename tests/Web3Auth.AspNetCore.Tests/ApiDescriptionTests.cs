using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Web3Auth.AspNetCore.Tests;

/// <summary>
/// The endpoints describe themselves to ASP.NET Core's API explorer — what an OpenAPI generator reads — without the
/// package referencing one: names, bodies, every status, and which endpoints read the session (docs/http-api.md#openapi).
/// The whole document, error codes and security schemes included, is tested on the sample (OpenApiDocumentTests).
/// </summary>
public sealed class ApiDescriptionTests : IAsyncLifetime
{
    private static readonly (string Method, string Path, string Name)[] Endpoints =
    [
        ("POST", "challenge", "Challenge"),
        ("POST", "session", "SignIn"),
        ("GET", "session", "GetSession"),
        ("DELETE", "session", "SignOut"),
        ("DELETE", "session/permissions/{**name}", "RevokePermission"),
        ("GET", "sessions", "ListSessions"),
        ("DELETE", "sessions", "SignOutEverywhere"),
        ("DELETE", "sessions/{id}", "RevokeSession"),
        ("GET", "session/events", "SessionEvents"),
        ("GET", "sessions/events", "SessionsEvents"),
    ];

    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddAuthentication("Web3").AddWeb3SessionKeys("Web3", _ => { }).AddWeb3SessionKeys("Admin", _ => { });
        builder.Services.AddEndpointsApiExplorer();
        _app = builder.Build();
        _app.MapWeb3SessionKeys("/auth/web3", "Web3");
        _app.MapWeb3SessionKeys("/auth/admin", "Admin");
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IReadOnlyList<ApiDescription> Descriptions =>
        _app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items).ToArray();

    [Fact]
    public void Every_endpoint_is_described_under_a_name_of_its_scheme_and_the_catch_alls_are_not()
    {
        var described = Descriptions
            .Select(d => (d.HttpMethod!, d.RelativePath!, d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().Single().EndpointName))
            .Order()
            .ToArray();

        var expected = new[] { ("Web3", "auth/web3/"), ("Admin", "auth/admin/") }
            .SelectMany(scheme => Endpoints.Select(e => (e.Method, scheme.Item2 + e.Path, scheme.Item1 + e.Name)))
            .Order()
            .ToArray();
        Assert.Equal(expected, described);
    }

    [Fact]
    public void Each_endpoint_lists_its_success_and_only_problem_json_for_its_errors()
    {
        foreach (var description in Descriptions)
        {
            var responses = description.SupportedResponseTypes;
            var success = Assert.Single(responses, r => r.StatusCode < 400);
            if (description.HttpMethod == "DELETE")
            {
                Assert.Equal(StatusCodes.Status204NoContent, success.StatusCode);
                Assert.Empty(success.ApiResponseFormats);
            }
            else
            {
                Assert.Equal(StatusCodes.Status200OK, success.StatusCode);
                var events = description.RelativePath!.EndsWith("/events", StringComparison.Ordinal);
                Assert.Equal(events ? "text/event-stream" : "application/json", Assert.Single(success.ApiResponseFormats).MediaType);
            }

            var problems = description.ActionDescriptor.EndpointMetadata.OfType<Web3ProblemResponseAttribute>().ToArray();
            Assert.Equal(problems.Select(p => p.StatusCode).Order(), responses.Where(r => r.StatusCode >= 400).Select(r => r.StatusCode).Order());
            Assert.All(responses.Where(r => r.StatusCode >= 400), r => Assert.Equal("application/problem+json", Assert.Single(r.ApiResponseFormats).MediaType));
            Assert.Contains(problems, p => p.StatusCode == 401 || description.RelativePath!.EndsWith("/session", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_posts_describe_their_bodies_and_the_list_takes_its_paging_parameters_from_the_query()
    {
        // No declared content type: routing would answer any other itself (415), where the endpoints answer 400
        // invalid_request; OpenAPI generators take a body without one as application/json.
        var bodies = Descriptions.Where(d => d.HttpMethod == "POST")
            .Select(d => (d.RelativePath, Assert.Single(d.ParameterDescriptions, p => p.Source.Id == "Body").Type, d.SupportedRequestFormats.Count))
            .Order()
            .ToArray();
        Assert.Equal(
            [("auth/admin/challenge", typeof(SignInMessageRequest), 0), ("auth/admin/session", typeof(SignInRequest), 0),
             ("auth/web3/challenge", typeof(SignInMessageRequest), 0), ("auth/web3/session", typeof(SignInRequest), 0)],
            bodies);
        var list = Descriptions.Single(d => d.HttpMethod == "GET" && d.RelativePath == "auth/web3/sessions");
        Assert.Equal(["after", "limit"], list.ParameterDescriptions.Where(p => p.Source.Id == "Query").Select(p => p.Name).Order());
    }

    [Fact]
    public void The_endpoints_that_read_the_session_say_so_and_whether_every_request_needs_it()
    {
        foreach (var description in Descriptions)
        {
            var credentials = description.ActionDescriptor.EndpointMetadata.OfType<Web3SessionCredentialsMetadata>().SingleOrDefault();
            var path = description.RelativePath!;
            var scheme = path.StartsWith("auth/admin/", StringComparison.Ordinal) ? "Admin" : "Web3";
            if (description.HttpMethod == "POST" && path.EndsWith("/session", StringComparison.Ordinal))
            {
                Assert.Null(credentials); // the signed message is the credential
            }
            else
            {
                Assert.NotNull(credentials);
                Assert.Equal(scheme, credentials.AuthenticationScheme);
                Assert.Equal(!path.EndsWith("/challenge", StringComparison.Ordinal), credentials.IsRequired);
            }
        }
    }

    [Fact]
    public void A_problem_response_names_its_codes_in_its_description_and_refuses_nonsense()
    {
        var problem = new Web3ProblemResponseAttribute(StatusCodes.Status404NotFound, Web3ErrorCodes.SessionNotFound);
        Assert.Equal("Not Found (problem+json, `error`: `session_not_found`)", problem.Description);
        Assert.Equal([Web3ErrorCodes.SessionNotFound], problem.ErrorCodes);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Web3ProblemResponseAttribute(StatusCodes.Status200OK, "ok"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Web3ProblemResponseAttribute(600, "odd"));
        Assert.Throws<ArgumentException>(() => new Web3ProblemResponseAttribute(StatusCodes.Status400BadRequest));
        Assert.Throws<ArgumentException>(() => new Web3ProblemResponseAttribute(StatusCodes.Status400BadRequest, ""));
        Assert.Throws<ArgumentException>(() => new Web3SessionCredentialsMetadata("", isRequired: true));
    }
}
