namespace Web3Auth.AspNetCore.Tests.Handler;

/// <summary>
/// Events as a class resolved from DI through <c>EventsType</c>: each override records "di:Event" into the
/// <see cref="EventLog"/> it was constructed with (so it must come from the container), then runs the base
/// behaviour. It also withholds <c>profile/write</c> from every new session, to show the lifecycle obeys it.
/// </summary>
public sealed class RecordingWeb3Events(EventLog log) : Web3SessionKeyEvents
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        log.Add("di:MessageReceived");
        return base.MessageReceived(context);
    }

    public override Task SessionValidated(SessionValidatedContext context)
    {
        log.Add("di:SessionValidated");
        return base.SessionValidated(context);
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        log.Add("di:AuthenticationFailed");
        return base.AuthenticationFailed(context);
    }

    public override Task Challenge(Web3ChallengeContext context)
    {
        log.Add("di:Challenge");
        return base.Challenge(context);
    }

    public override Task Forbidden(ForbiddenContext context)
    {
        log.Add("di:Forbidden");
        return base.Forbidden(context);
    }

    public override Task SessionCreating(SessionCreatingContext context)
    {
        log.Add("di:SessionCreating");
        context.RemovePermission("profile/write");
        return base.SessionCreating(context);
    }
}

/// <summary>The events that ran in one host, in order.</summary>
public sealed class EventLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> All => [.. _events];

    public void Add(string name) => _events.Enqueue(name);
}
