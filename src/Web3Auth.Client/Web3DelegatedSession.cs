using Web3Auth.Siwe;

namespace Web3Auth.Client;

/// <summary>
/// A session an account delegated to a key this service holds, for a service that acts for accounts without holding
/// their keys. The service makes its <see cref="Web3SessionKey"/> and publishes only <see cref="Web3SessionKey.PublicJwk"/>;
/// the account's user asks the site for a sign-in message with that key as <c>sessionKey</c> (the message's URI is the
/// key's did:key, which the wallet shows), chooses the permissions and the lifetime, signs, and hands the signed message
/// over (<see cref="FromSignedMessage"/>; the service submits it, so the session's token is made for the service and
/// never travels), or the token of the session it opened (<see cref="FromToken"/>). Neither is of use without the
/// private key: every request needs a DPoP proof signed by it.
/// </summary>
/// <remarks>
/// <para>
/// Requests through <see cref="CreateHandler"/> carry <c>Authorization: DPoP</c> and a fresh proof, answer
/// <c>use_dpop_nonce</c>, and turn 401, 403 and 503 into the same exceptions as a client with a root signer. There is no
/// root signer, so the session is never renewed and never signed in again: when the site ends it (expired, revoked,
/// signed out everywhere) the request throws <see cref="Web3SessionEndedException"/> with the site's error and
/// explanation, and so does every later request, without reaching the site. Ask the account for a new delegation then.
/// </para>
/// <para>
/// One account, one <see cref="Web3DelegatedSession"/>; one service key may serve many. Thread-safe. Handlers are
/// cheap and share the session: <c>new HttpClient(session.CreateHandler(), …)</c> with a primary handler set as
/// <see cref="DelegatingHandler.InnerHandler"/>, or <c>AddHttpMessageHandler(() =&gt; session.CreateHandler())</c>.
/// The key is the caller's: the session never disposes it.
/// </para>
/// </remarks>
public sealed class Web3DelegatedSession
{
    private readonly Web3ClientSession _session;

    private Web3DelegatedSession(Web3ClientSession session) => _session = session;

    /// <summary>
    /// A session from a sign-in message the account signed for <paramref name="key"/>: the first request submits it to
    /// the site's <c>POST …/session</c> (each message opens one session, once, within minutes of being issued), and
    /// then goes on with the session's token. A refused submission throws <see cref="Web3RequestException"/> with the
    /// site's error (<c>invalid_nonce</c>, <c>message_expired</c>, <c>invalid_signature</c>, …) and the session is over.
    /// </summary>
    /// <param name="key">The service's key; the message's URI must be its <see cref="Web3SessionKey.DidKey"/>.</param>
    /// <param name="message">The sign-in message exactly as the site issued it.</param>
    /// <param name="signature">The account's signature of it (<c>personal_sign</c>), 0x-hex.</param>
    /// <param name="endpoint">Where the site maps its sign-in endpoints (default <c>/auth/web3/</c> on the first request's origin); only that origin gets the token.</param>
    /// <param name="timeProvider">The clock of the proofs; default the system clock.</param>
    /// <exception cref="ArgumentException">
    /// A string is empty, the message is no EIP-4361 message or its URI is not <paramref name="key"/>'s did:key, or the
    /// endpoint is not an absolute http(s) URI without query or fragment.
    /// </exception>
    public static Web3DelegatedSession FromSignedMessage(Web3SessionKey key, string message, string signature, Uri? endpoint = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(message);
        ArgumentException.ThrowIfNullOrEmpty(signature);
        if (!SiweMessage.TryParse(message, out var parsed, out var error))
        {
            throw new ArgumentException("The message is not an EIP-4361 sign-in message: " + error, nameof(message));
        }

        // A message for another key would open a session this client cannot prove: refuse it before it is spent.
        if (!string.Equals(parsed.Uri, key.DidKey, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The message delegates to {parsed.Uri}, not to this key ({key.DidKey}).", nameof(message));
        }

        return new(new Web3ClientSession(Options(endpoint), timeProvider ?? TimeProvider.System, key, token: null, new Web3ClientSession.SignedMessage(message, signature)));
    }

    /// <summary>
    /// A session from the token of a key-bound session opened for <paramref name="key"/> (the answer of
    /// <c>POST …/session</c> to the signed message). Whoever opened it should not keep the token or a session cookie.
    /// </summary>
    /// <param name="key">The key the session is bound to.</param>
    /// <param name="token">The session's token.</param>
    /// <param name="endpoint">Where the site maps its sign-in endpoints (default <c>/auth/web3/</c> on the first request's origin); only that origin gets the token.</param>
    /// <param name="timeProvider">The clock of the proofs; default the system clock.</param>
    /// <exception cref="ArgumentException">The token is empty, or the endpoint is not an absolute http(s) URI without query or fragment.</exception>
    public static Web3DelegatedSession FromToken(Web3SessionKey key, string token, Uri? endpoint = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new(new Web3ClientSession(Options(endpoint), timeProvider ?? TimeProvider.System, key, token, signedIn: null));
    }

    /// <summary>
    /// A handler that sends requests in this session. Set its <see cref="DelegatingHandler.InnerHandler"/> (such as a
    /// <see cref="SocketsHttpHandler"/>) or let the HttpClient factory do it.
    /// </summary>
    public DelegatingHandler CreateHandler() => new Web3SessionKeyHandler(_session);

    /// <summary>The underlying session, for tests.</summary>
    internal Web3ClientSession Session => _session;

    private static Web3SessionKeyClientOptions Options(Uri? endpoint)
    {
        if (endpoint is not null && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment)))
        {
            throw new ArgumentException("The endpoint must be an absolute http(s) URI without query or fragment, such as https://api.example.com/auth/web3/.", nameof(endpoint));
        }

        return new Web3SessionKeyClientOptions { Endpoint = endpoint, RenewBefore = TimeSpan.Zero };
    }
}
