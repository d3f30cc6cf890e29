namespace Web3Auth.AspNetCore;

/// <summary>
/// Hooks into the scheme. Assign the delegates, or derive a class, override the methods and register it through
/// <c>EventsType</c> to resolve it from DI.
/// </summary>
public class Web3SessionKeyEvents
{
    /// <summary>A request arrived; set <see cref="MessageReceivedContext.Token"/> to read the token from elsewhere.</summary>
    public Func<MessageReceivedContext, Task> OnMessageReceived { get; set; } = _ => Task.CompletedTask;

    /// <summary>A token matched a live session; the principal can be enriched, or the request failed.</summary>
    public Func<SessionValidatedContext, Task> OnSessionValidated { get; set; } = _ => Task.CompletedTask;

    /// <summary>Authentication failed (unknown, expired or revoked token, CSRF, store down).</summary>
    public Func<AuthenticationFailedContext, Task> OnAuthenticationFailed { get; set; } = _ => Task.CompletedTask;

    /// <summary>A 401 is about to be written; call <see cref="Web3ChallengeContext.HandleResponse"/> to write your own.</summary>
    public Func<Web3ChallengeContext, Task> OnChallenge { get; set; } = _ => Task.CompletedTask;

    /// <summary>A 403 is about to be written.</summary>
    public Func<ForbiddenContext, Task> OnForbidden { get; set; } = _ => Task.CompletedTask;

    /// <summary>
    /// A signed sign-in message passed every check and a session is about to be created: refuse the login or
    /// narrow the granted permissions (allow-lists, token gating).
    /// </summary>
    public Func<SessionCreatingContext, Task> OnSessionCreating { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnMessageReceived"/>.</summary>
    public virtual Task MessageReceived(MessageReceivedContext context) => OnMessageReceived(context);

    /// <summary>Invokes <see cref="OnSessionValidated"/>.</summary>
    public virtual Task SessionValidated(SessionValidatedContext context) => OnSessionValidated(context);

    /// <summary>Invokes <see cref="OnAuthenticationFailed"/>.</summary>
    public virtual Task AuthenticationFailed(AuthenticationFailedContext context) => OnAuthenticationFailed(context);

    /// <summary>Invokes <see cref="OnChallenge"/>.</summary>
    public virtual Task Challenge(Web3ChallengeContext context) => OnChallenge(context);

    /// <summary>Invokes <see cref="OnForbidden"/>.</summary>
    public virtual Task Forbidden(ForbiddenContext context) => OnForbidden(context);

    /// <summary>Invokes <see cref="OnSessionCreating"/>.</summary>
    public virtual Task SessionCreating(SessionCreatingContext context) => OnSessionCreating(context);
}
