namespace Ioc.Core.Storage;

/// <summary>
/// A store cannot take or serve data now but may later: it is down, refused the connection, timed out,
/// answered 5xx, or a local buffer is full. Part of a large write may have been stored, never
/// twice (writes overwrite by series and time), so the caller repeats the whole write. Callers retry, spool
/// or answer 503; <see cref="RetryAfter"/> is the store's hint when it gave one.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan? RetryAfter { get; }
}
