namespace Web3Auth.AspNetCore;

/// <summary>The session store's backing service failed or timed out. Requests fail closed with 503.</summary>
public sealed class Web3StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public Web3StoreUnavailableException()
        : base("The Web3 session store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public Web3StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the store's own failure.</summary>
    public Web3StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
