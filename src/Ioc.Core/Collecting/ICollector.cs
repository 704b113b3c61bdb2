using Ioc.Core.Metrics;

namespace Ioc.Core.Collecting;

/// <summary>
/// Reads one source system and returns what it saw. A collector never writes: the runner validates,
/// stores and publishes. Points it makes carry <see cref="CollectContext.ScheduledTime"/> unless the source
/// gives a time of its own, so a repeated run of the same schedule slot overwrites rather than duplicates.
/// </summary>
public interface ICollector
{
    Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken);
}

/// <param name="ScheduledTime">The schedule slot this run stands for, not the moment it started.</param>
public sealed record CollectContext(string CollectorId, DateTimeOffset ScheduledTime)
{
    public long Timestamp => UnixTime.ToNanoseconds(ScheduledTime);
}

/// <summary>
/// A kind of collector (<c>http-json</c>, …): turns the <c>spec</c> of a definition into a collector,
/// or reports every problem of that spec with its path.
/// </summary>
public interface ICollectorKind
{
    string Name { get; }

    /// <summary>Throws <see cref="DefinitionException"/> naming the fields at fault.</summary>
    ICollector Create(CollectorDefinition definition);
}

/// <summary>A source that cannot be read this time (unreachable, bad answer); the message says why.</summary>
public sealed class CollectorException : Exception
{
    public CollectorException(string message)
        : base(message)
    {
    }

    public CollectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CollectorException()
    {
    }

    /// <summary>
    /// The source may well answer a moment later (refused or dropped connection, an attempt that timed out, HTTP 5xx
    /// or 429), so the runner tries again within the run. Never set for an answer that will not change by asking
    /// again: a 4xx, a parse error, a definition error.
    /// </summary>
    public bool Transient { get; init; }
}
