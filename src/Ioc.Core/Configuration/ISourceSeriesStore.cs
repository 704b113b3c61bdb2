namespace Ioc.Core.Configuration;

/// <summary>
/// A source wrote a measurement, last seen at a time. Sources are named <c>collector:&lt;id&gt;</c> and
/// <c>key:&lt;apiKeyId&gt;</c> (<see cref="SourceNames"/>).
/// </summary>
public sealed record SourceSeries(string Source, string Measurement, DateTimeOffset LastSeenAt);

/// <summary>
/// Which source writes which measurement, shared by every node, so the wall can tell whose figures a tile shows.
/// Contract for every adapter:
/// <list type="bullet">
/// <item>The schema comes from <see cref="IDefinitionStore.InitializeAsync"/>.</item>
/// <item><see cref="RecordAsync"/> adds a pair or moves its time forward, never back; recording is not a
/// configuration change and does not raise the revision.</item>
/// </list>
/// </summary>
public interface ISourceSeriesStore
{
    Task RecordAsync(IReadOnlyCollection<SourceSeries> seen, CancellationToken cancellationToken = default);

    /// <summary>Every source that wrote any of <paramref name="measurements"/>, one row per pair.</summary>
    Task<IReadOnlyList<SourceSeries>> ListByMeasurementsAsync(IReadOnlyCollection<string> measurements, CancellationToken cancellationToken = default);

    /// <summary>Every pair whose source is one of <paramref name="sources"/>.</summary>
    Task<IReadOnlyList<SourceSeries>> ListBySourcesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default);
}

/// <summary>How a source is named in <see cref="ISourceSeriesStore"/> and on the wall.</summary>
public static class SourceNames
{
    public const string CollectorPrefix = "collector:";
    public const string KeyPrefix = "key:";

    public static string Collector(string collectorId) => CollectorPrefix + collectorId;

    public static string Key(string apiKeyId) => KeyPrefix + apiKeyId;
}
