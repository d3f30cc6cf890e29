using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Web3Auth.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Web3 session key to an <see cref="HttpClient"/> of the HttpClient factory.</summary>
public static class Web3SessionKeyHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes the client act for <see cref="Web3SessionKeyClientOptions.RootSigner"/>'s account on a Web3Auth.AspNetCore
    /// site: it signs in with a key-bound session (DPoP, RFC 9449) on first use, sends every request with
    /// <c>Authorization: DPoP</c> and a fresh proof, renews before the session ends, and turns 401, 403 and 503 answers
    /// into <see cref="Web3SessionEndedException"/>, <see cref="Web3PermissionDeniedException"/> and
    /// <see cref="Web3ServiceUnavailableException"/>. All handler instances of the named client share one session.
    /// The clock is the <see cref="TimeProvider"/> service, or the system clock.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>services.AddHttpClient("name")</c>.</param>
    /// <param name="configure">Sets the options, at least <see cref="Web3SessionKeyClientOptions.RootSigner"/>.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddWeb3SessionKey(this IHttpClientBuilder builder, Action<Web3SessionKeyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<Web3SessionKeyClientOptions>(builder.Name).Configure(configure);
        return AddHandler(builder);
    }

    /// <summary>
    /// <inheritdoc cref="AddWeb3SessionKey(IHttpClientBuilder, Action{Web3SessionKeyClientOptions})" path="/summary"/>
    /// This overload resolves what the options need, such as the root signer, from the services.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>services.AddHttpClient("name")</c>.</param>
    /// <param name="configure">Sets the options from the application's services.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddWeb3SessionKey(this IHttpClientBuilder builder, Action<Web3SessionKeyClientOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<Web3SessionKeyClientOptions>(builder.Name).Configure(configure);
        return AddHandler(builder);
    }

    private static IHttpClientBuilder AddHandler(IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton<Web3ClientSessions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Web3SessionKeyClientOptions>, Web3SessionKeyClientOptionsValidator>());
        builder.Services.AddOptions<Web3SessionKeyClientOptions>(builder.Name).ValidateOnStart();
        var name = builder.Name;
        return builder.AddHttpMessageHandler(services => new Web3SessionKeyHandler(services.GetRequiredService<Web3ClientSessions>().Get(name)));
    }
}
