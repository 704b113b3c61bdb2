namespace Ioc.Core.Collecting;

/// <summary>
/// The waits between attempts of one run: doubling from <see cref="First"/> up to <see cref="Longest"/>, each drawn
/// at random from its upper half, so collectors that failed together (a network blip) do not all ask again together.
/// </summary>
public static class RetryBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    /// <param name="failedAttempts">Attempts made so far, at least 1.</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(int failedAttempts, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var ceiling = Math.Min(Longest.Ticks, First.Ticks << Math.Min(failedAttempts - 1, 20));
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (Math.Clamp(random, 0, 1) / 2))));
    }

    /// <summary>
    /// Whether another attempt is worth starting: after the wait, it must still have at least as long as the wait
    /// before the run's timeout, or it would most likely be cut short anyway.
    /// </summary>
    public static bool Fits(TimeSpan delay, TimeSpan remaining) => delay + delay <= remaining;

    /// <summary>Whether a failure may pass if asked again.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        CollectorException collector => collector.Transient,

        // A kind that let the client's error through: no status means the connection failed.
        HttpRequestException http => http.StatusCode is null or >= System.Net.HttpStatusCode.InternalServerError
            or System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
