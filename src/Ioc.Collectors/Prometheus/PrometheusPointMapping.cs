namespace Ioc.Collectors.Prometheus;

/// <summary>
/// The checked selections of a definition, with the labels it gives every sample; <see cref="Begin"/> maps one
/// answer's samples to points.
/// </summary>
internal sealed class PrometheusPointMapping
{
    /// <summary>How many non-finite samples a result names by line; the rest are only counted.</summary>
    internal const int NonFiniteExampleCount = 3;

    public PrometheusPointMapping(IReadOnlyList<MetricSelection> selections, IReadOnlyList<KeyValuePair<string, string>> targetLabels)
    {
        Selections = selections;
        TargetLabels = targetLabels;
    }

    public IReadOnlyList<MetricSelection> Selections { get; }

    /// <summary>Added to a sample that does not carry the label itself: the exposition's own value wins, as with federation.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TargetLabels { get; }

    /// <param name="timestamp">The run's scheduled slot, in Unix nanoseconds; every point carries it.</param>
    /// <param name="where">The redacted URL, to begin every message with.</param>
    public PrometheusScrape Begin(long timestamp, string where) => new(this, timestamp, where);
}
