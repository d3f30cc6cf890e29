using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Web3Auth.Client;

/// <summary>
/// The session of one named client, shared by every handler instance the HttpClient factory creates for it (handlers
/// are recycled; the session is not). Signs in, attaches a fresh DPoP proof to each request, answers
/// <c>use_dpop_nonce</c>, renews before the end, and turns refusals into exceptions. Thread-safe: requests share one
/// session; one sign-in or renewal runs at a time while the others carry on with the current token.
/// </summary>
/// <remarks>
/// Without a root signer the session is a delegated one (<see cref="Web3DelegatedSession"/>): its key is the
/// service's (not made here, not disposed here), it starts from a token or from a sign-in message the account signed
/// for that key (submitted on the first request), it is never renewed, and once the site ends it every request
/// throws <see cref="Web3SessionEndedException"/> with the site's reason: nothing can sign in again.
/// </remarks>
internal sealed class Web3ClientSession : IDisposable
{
    private const string DpopHeader = "DPoP";
    private const string DpopNonceHeader = "DPoP-Nonce";

    // A renewal that failed for a passing reason (network, 503, signer offline) is tried again after this long, with
    // the current token still in use meanwhile.
    internal static readonly TimeSpan RenewalRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Web3SessionKeyClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Web3SessionKey? _delegatedKey;
    private SignedMessage? _pendingSignIn;
    private Ending? _ended;
    private State? _state;
    private string? _nonce;
    private Uri? _endpoint;
    private int _renewing;
    private long _nextRenewalAttemptTicks;

    public Web3ClientSession(Web3SessionKeyClientOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _endpoint = options.Endpoint is { } endpoint ? WithTrailingSlash(endpoint) : null;
    }

    /// <summary>A delegated session: <paramref name="key"/>'s, from a token or from a signed sign-in message.</summary>
    public Web3ClientSession(Web3SessionKeyClientOptions options, TimeProvider time, Web3SessionKey key, string? token, SignedMessage? signedIn)
        : this(options, time)
    {
        _delegatedKey = key;
        _pendingSignIn = signedIn;
        if (token is not null)
        {
            // The token's end is the site's to say: it is sent until the site refuses it.
            _state = new State(key, OwnsKey: false, token, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
        }
    }

    /// <summary>The current session, for tests.</summary>
    internal State? Current => Volatile.Read(ref _state);

    /// <summary>The latest server nonce, for tests.</summary>
    internal string? Nonce => Volatile.Read(ref _nonce);

    public delegate Task<HttpResponseMessage> Sender(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>
    /// A signed-in session: its key (disposed with the session when the session made it), token and end, and when to
    /// renew it (never, for a delegated session).
    /// </summary>
    internal sealed record State(Web3SessionKey Key, bool OwnsKey, string Token, DateTimeOffset ExpiresAt, DateTimeOffset RenewAt);

    /// <summary>A sign-in message as the account signed it, for the key holder to submit.</summary>
    internal sealed record SignedMessage(string Message, string Signature);

    /// <summary>How a delegated session ended: the site's error and explanation.</summary>
    private sealed record Ending(string? Error, string? Detail);

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Sender send, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("A request of a Web3 session-key client needs an absolute URI: set the HttpClient's BaseAddress.");
        }

        var endpoint = EndpointFor(uri);
        if (!SameOrigin(endpoint, uri))
        {
            return await send(request, cancellationToken).ConfigureAwait(false);
        }

        var retriedStaleToken = false;
        for (var attempt = 0; ; attempt++)
        {
            var state = await GetStateAsync(endpoint, request, send, cancellationToken).ConfigureAwait(false);
            var response = await SendWithProofAsync(request, state, send, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                // The key was disposed under this request: the session was replaced. Take the current one.
                if (attempt < 3)
                {
                    continue;
                }

                throw new Web3SessionEndedException(null, "The session was replaced while this request was being sent.");
            }

            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    var refusal = await ReadAndDisposeAsync(response, cancellationToken).ConfigureAwait(false);
                    if (refusal.Error is null or "invalid_token")
                    {
                        // A renewal may have rotated the token under this request: then retry once with the new one.
                        await WaitForRenewalAsync(cancellationToken).ConfigureAwait(false);
                        var current = Volatile.Read(ref _state);
                        if (!retriedStaleToken && current is not null && !ReferenceEquals(current, state))
                        {
                            retriedStaleToken = true;
                            continue;
                        }

                        End(state, refusal.Error, refusal.Detail);
                        throw new Web3SessionEndedException(refusal.Error, refusal.Detail);
                    }

                    throw refusal.ToException("The request");
                case HttpStatusCode.Forbidden:
                    var denial = await ReadAndDisposeAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new Web3PermissionDeniedException(denial.Error, denial.Detail, denial.Scope);
                case HttpStatusCode.ServiceUnavailable:
                    var outage = await ReadAndDisposeAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new Web3ServiceUnavailableException(outage.Error, outage.Detail, outage.RetryAfter);
            }

            // Signing out through the client ends its session: the next request signs in again.
            if (response.IsSuccessStatusCode && request.Method == HttpMethod.Delete && uri.AbsolutePath == new Uri(endpoint, "session").AbsolutePath)
            {
                End(state, null, "The session was signed out through this client.");
            }

            return response;
        }
    }

    public void Dispose()
    {
        if (Volatile.Read(ref _state) is { OwnsKey: true } state)
        {
            state.Key.Dispose();
        }

        _gate.Dispose();
    }

    // The current session, signing in or renewing first when due. Only one caller signs in or renews; while a renewal
    // runs, the others use the current token, which is still valid.
    private async ValueTask<State> GetStateAsync(Uri endpoint, HttpRequestMessage trigger, Sender send, CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        var now = _time.GetUtcNow();
        if (state is not null && (now < state.RenewAt || (now < state.ExpiresAt && (Volatile.Read(ref _renewing) == 1 || now < ReadRetryAt()))))
        {
            return state;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            state = Volatile.Read(ref _state);
            now = _time.GetUtcNow();
            if (state is not null && now < state.RenewAt)
            {
                return state;
            }

            if (state is null && _delegatedKey is not null)
            {
                var opened = await OpenDelegatedAsync(endpoint, _delegatedKey, trigger, send, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _state, opened);
                return opened;
            }

            if (state is null || now >= state.ExpiresAt)
            {
                var signedIn = await SignInAsync(endpoint, trigger, send, cancellationToken).ConfigureAwait(false);
                Replace(state, signedIn);
                return signedIn;
            }

            if (now < ReadRetryAt())
            {
                return state;
            }

            Volatile.Write(ref _renewing, 1);
            try
            {
                var renewed = await RenewAsync(endpoint, state, trigger, send, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _state, renewed);
                return renewed;
            }
            catch (Web3SessionEndedException)
            {
                Forget(state);
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not fatal while the session lasts: carry on with the current token, try again later.
                Interlocked.Exchange(ref _nextRenewalAttemptTicks, (now + RenewalRetryDelay).UtcTicks);
                return state;
            }
            finally
            {
                Volatile.Write(ref _renewing, 0);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private DateTimeOffset ReadRetryAt() => new(Interlocked.Read(ref _nextRenewalAttemptTicks), TimeSpan.Zero);

    private async Task WaitForRenewalAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _renewing) == 1)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            _gate.Release();
        }
    }

    // A delegated session opens once: by submitting the message the account signed for the service's key (the token is
    // made for this client and never travels), unless it was handed a token. Afterwards nothing can sign in again.
    private async Task<State> OpenDelegatedAsync(Uri endpoint, Web3SessionKey key, HttpRequestMessage trigger, Sender send, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _pendingSignIn) is not { } signedIn)
        {
            var ended = Volatile.Read(ref _ended);
            throw new Web3SessionEndedException(ended?.Error, ended?.Detail ?? "The delegated session has ended.");
        }

        try
        {
            var opened = await SubmitAsync(endpoint, key, ownsKey: false, signedIn.Message, signedIn.Signature, trigger, send, "The delegated sign-in", cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _pendingSignIn, null);
            return opened with { RenewAt = DateTimeOffset.MaxValue };
        }
        catch (Web3RequestException ex) when (ex is not Web3ServiceUnavailableException)
        {
            // Refused (used already, expired, not signed by the account…): the message is spent; a 503 or a network
            // failure leaves it to try again.
            Volatile.Write(ref _pendingSignIn, null);
            Volatile.Write(ref _ended, new Ending(ex.Error, ex.Detail));
            throw;
        }
    }

    // Challenge with the key → the root signer signs → session: a new key-bound session.
    private async Task<State> SignInAsync(Uri endpoint, HttpRequestMessage trigger, Sender send, CancellationToken cancellationToken)
    {
        var signer = _options.RootSigner ?? throw new InvalidOperationException("Web3SessionKeyClientOptions.RootSigner is required to sign in.");
        var key = Web3SessionKey.Create(_options.KeyType);
        try
        {
            using var challenge = JsonRequest(HttpMethod.Post, new Uri(endpoint, "challenge"), trigger, writer =>
            {
                writer.WriteString("address", signer.Address.ToString());
                if (_options.ChainId is { } chainId)
                {
                    writer.WriteNumber("chainId", chainId);
                }

                WriteGrant(writer);
                writer.WritePropertyName("sessionKey");
                writer.WriteRawValue(key.PublicJwk);
            });
            var message = await ReadMessageAsync(await send(challenge, cancellationToken).ConfigureAwait(false), "The sign-in", cancellationToken).ConfigureAwait(false);
            var signature = await signer.SignPersonalMessageAsync(message, cancellationToken).ConfigureAwait(false);
            return await SubmitAsync(endpoint, key, ownsKey: true, message, signature, trigger, send, "The sign-in", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // Renewal: a message asked for with the session's own token and proof, signed by the root signer; the answer's
    // token replaces the old one, which is dead from then on. The key stays.
    private async Task<State> RenewAsync(Uri endpoint, State state, HttpRequestMessage trigger, Sender send, CancellationToken cancellationToken)
    {
        using var challenge = JsonRequest(HttpMethod.Post, new Uri(endpoint, "challenge"), trigger, writer =>
        {
            writer.WriteBoolean("renew", true);
            WriteGrant(writer);
        });
        var response = await SendWithProofAsync(challenge, state, send, cancellationToken).ConfigureAwait(false)
            ?? throw new Web3SessionEndedException(null, "The session was replaced during its renewal.");
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // A site whose renewal endpoint answers a proof without a current server nonce with invalid_token and no
            // nonce (not use_dpop_nonce, as early builds of this package did): ask an authenticated endpoint, which does
            // issue one, whether the session lives.
            var refusal = await ReadAndDisposeAsync(response, cancellationToken).ConfigureAwait(false);
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "session"));
            CopyUserAgent(trigger, probe);
            using var probed = await SendWithProofAsync(probe, state, send, cancellationToken).ConfigureAwait(false);
            if (probed is null || probed.StatusCode != HttpStatusCode.OK)
            {
                var ended = probed is null ? refusal : await SiteAnswer.ReadAsync(probed, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                throw ended.Status == HttpStatusCode.Unauthorized ? new Web3SessionEndedException(ended.Error, ended.Detail) : ended.ToException("The renewal");
            }

            response = await SendWithProofAsync(challenge, state, send, cancellationToken).ConfigureAwait(false)
                ?? throw new Web3SessionEndedException(null, "The session was replaced during its renewal.");
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var refusal = await ReadAndDisposeAsync(response, cancellationToken).ConfigureAwait(false);
            throw new Web3SessionEndedException(refusal.Error, refusal.Detail);
        }

        var message = await ReadMessageAsync(response, "The renewal", cancellationToken).ConfigureAwait(false);
        var signature = await _options.RootSigner!.SignPersonalMessageAsync(message, cancellationToken).ConfigureAwait(false);
        return await SubmitAsync(endpoint, state.Key, state.OwnsKey, message, signature, trigger, send, "The renewal", cancellationToken).ConfigureAwait(false);
    }

    private async Task<State> SubmitAsync(Uri endpoint, Web3SessionKey key, bool ownsKey, string message, string signature, HttpRequestMessage trigger, Sender send, string what,
        CancellationToken cancellationToken)
    {
        using var request = JsonRequest(HttpMethod.Post, new Uri(endpoint, "session"), trigger, writer =>
        {
            writer.WriteString("message", message);
            writer.WriteString("signature", signature);
        });
        using var response = await send(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var refusal = await SiteAnswer.ReadAsync(response, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            // A renewal of a session that ended meanwhile creates nothing (401 invalid_token).
            throw what == "The renewal" && refusal.Status == HttpStatusCode.Unauthorized && refusal.Error == "invalid_token"
                ? new Web3SessionEndedException(refusal.Error, refusal.Detail)
                : refusal.ToException(what);
        }

        using var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var root = body.RootElement;
        if (!root.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String ||
            !root.TryGetProperty("expiresAt", out var expiresAt) || !expiresAt.TryGetDateTimeOffset(out var end))
        {
            throw new Web3RequestException($"{what} answered without a token and its expiry.", response.StatusCode, null, null);
        }

        if (!root.TryGetProperty("tokenType", out var tokenType) || tokenType.ValueKind != JsonValueKind.String || tokenType.GetString() != "DPoP")
        {
            throw new Web3RequestException($"{what} answered a session that is not bound to the key (tokenType is not DPoP).", response.StatusCode, null, null);
        }

        var now = _time.GetUtcNow();
        var window = TimeSpan.FromTicks(Math.Min(_options.RenewBefore.Ticks, Math.Max(0, (end - now).Ticks / 2)));
        return new State(key, ownsKey, token.GetString()!, end, end - window);
    }

    // One request with the token and a fresh proof; on 401 use_dpop_nonce, once more with the nonce the site sent.
    // Null when the state's key was disposed (the session was replaced).
    private async Task<HttpResponseMessage?> SendWithProofAsync(HttpRequestMessage request, State state, Sender send, CancellationToken cancellationToken)
    {
        var htu = request.RequestUri!.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        for (var attempt = 0; ; attempt++)
        {
            if (!state.Key.TryCreateProof(request.Method.Method, htu, state.Token, Volatile.Read(ref _nonce), _time.GetUtcNow(), out var proof))
            {
                return null;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", state.Token);
            request.Headers.Remove(DpopHeader);
            request.Headers.TryAddWithoutValidation(DpopHeader, proof);
            var response = await send(request, cancellationToken).ConfigureAwait(false);
            var hasNonce = response.Headers.TryGetValues(DpopNonceHeader, out var nonces) && nonces.FirstOrDefault() is { Length: > 0 };
            if (hasNonce)
            {
                Volatile.Write(ref _nonce, nonces!.First());
            }

            if (attempt == 0 && hasNonce && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest &&
                SiteAnswer.ChallengeError(response) == "use_dpop_nonce")
            {
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    private Uri EndpointFor(Uri requestUri)
    {
        var endpoint = Volatile.Read(ref _endpoint);
        if (endpoint is not null)
        {
            return endpoint;
        }

        // Bound to the first request's origin: later requests to other hosts get no token.
        var derived = new Uri(requestUri.GetLeftPart(UriPartial.Authority) + "/auth/web3/");
        return Interlocked.CompareExchange(ref _endpoint, derived, null) ?? derived;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private void Replace(State? old, State replacement)
    {
        if (ReferenceEquals(Interlocked.Exchange(ref _state, replacement), old) && old is { OwnsKey: true })
        {
            old.Key.Dispose();
        }
    }

    private void Forget(State state)
    {
        if (ReferenceEquals(Interlocked.CompareExchange(ref _state, null, state), state) && state.OwnsKey)
        {
            state.Key.Dispose();
        }
    }

    // The session is over: forgotten, and for a delegated session the reason kept for every later request.
    private void End(State state, string? error, string? detail)
    {
        if (_delegatedKey is not null)
        {
            Interlocked.CompareExchange(ref _ended, new Ending(error, detail), null);
        }

        Forget(state);
    }

    private void WriteGrant(Utf8JsonWriter writer)
    {
        if (_options.Permissions is { } permissions)
        {
            writer.WriteStartArray("permissions");
            foreach (var permission in permissions)
            {
                writer.WriteStringValue(permission);
            }

            writer.WriteEndArray();
        }

        if (_options.SessionLifetime is { } lifetime)
        {
            writer.WriteNumber("lifetime", Math.Max(1, (long)Math.Ceiling(lifetime.TotalSeconds)));
        }
    }

    private async Task<SiteAnswer> ReadAndDisposeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            return await SiteAnswer.ReadAsync(response, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadMessageAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw (await SiteAnswer.ReadAsync(response, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).ToException(what);
            }

            using var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            return body.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()!
                : throw new Web3RequestException($"{what} answered without a message to sign.", response.StatusCode, null, null);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw new JsonException("Not a JSON object.");
                }

                return document;
            }
        }
        catch (JsonException ex)
        {
            throw new Web3RequestException(string.Create(CultureInfo.InvariantCulture, $"The site's answer is not the JSON object expected: {ex.Message}"), response.StatusCode, null, null);
        }
    }

    // The client's own requests (sign-in, renewal) carry the User-Agent of the request that caused them, so the
    // account's list of sessions (its client hint) names the service.
    private static void CopyUserAgent(HttpRequestMessage from, HttpRequestMessage to)
    {
        foreach (var product in from.Headers.UserAgent)
        {
            to.Headers.UserAgent.Add(product);
        }
    }

    private static HttpRequestMessage JsonRequest(HttpMethod method, Uri uri, HttpRequestMessage trigger, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(method, uri) { Content = content };
        CopyUserAgent(trigger, request);
        return request;
    }
}
