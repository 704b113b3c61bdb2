using System.Globalization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Prometheus;

/// <summary>What one scrape gave: the points, and what it left out and why.</summary>
/// <param name="NonFinite">Selected samples whose value was NaN, +Inf or -Inf: counted, not stored.</param>
/// <param name="NonFiniteExamples">The first few of them, as <c>line 12: name{labels} NaN</c>.</param>
/// <param name="Unmatched">Selections that took no sample of this answer.</param>
internal sealed record PrometheusScrapeResult(
    IReadOnlyList<MetricPoint> Points,
    int Samples,
    int NonFinite,
    IReadOnlyList<string> NonFiniteExamples,
    IReadOnlyList<MetricSelection> Unmatched);

/// <summary>
/// One answer being mapped: each sample goes to the first selection that takes it. Samples of one series (same
/// measurement and tags) become one point with a field each, a histogram's <c>sum</c> and <c>count</c> for
/// instance. Two samples that would land in the same field of the same series fail the run, naming both lines,
/// rather than one of them silently overwriting the other.
/// </summary>
internal sealed class PrometheusScrape
{
    private readonly PrometheusPointMapping _mapping;
    private readonly long _timestamp;
    private readonly string _where;
    private readonly Dictionary<string, MetricSelection[]> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<SeriesKey, PendingPoint> _points = [];
    private readonly List<PendingPoint> _order = [];
    private readonly bool[] _matched;
    private readonly List<string> _nonFiniteExamples = [];
    private int _samples;
    private int _nonFinite;

    internal PrometheusScrape(PrometheusPointMapping mapping, long timestamp, string where)
    {
        _mapping = mapping;
        _timestamp = timestamp;
        _where = where;
        _matched = new bool[mapping.Selections.Count];
    }

    public void Add(PrometheusSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var selection = Select(sample);
        if (selection is null)
        {
            return;
        }

        _matched[selection.Index] = true;
        if (!double.IsFinite(sample.Value))
        {
            // The store keeps finite numbers only; a summary without observations reports NaN quantiles every scrape.
            _nonFinite++;
            if (_nonFiniteExamples.Count < PrometheusPointMapping.NonFiniteExampleCount)
            {
                _nonFiniteExamples.Add($"line {sample.Line}: {Show(sample)} {Show(sample.Value)}");
            }

            return;
        }

        var tags = new List<Tag>();
        foreach (var (name, value) in EffectiveLabels(sample))
        {
            // Padding is never meaningful and stores refuse it; an empty value is no label at all, as in Prometheus.
            var trimmed = value.Trim();
            if (trimmed.Length > 0 && selection.KeepsTag(name, sample.Part))
            {
                tags.Add(new Tag(name, trimmed));
            }
        }

        var series = new SeriesKey(selection.MeasurementFor(sample), tags);
        if (!_points.TryGetValue(series, out var point))
        {
            if (MetricValidator.CheckSeries(series) is { } reason)
            {
                throw new CollectorException(
                    $"{_where}: line {sample.Line}: {sample.Name} cannot be stored: {reason}; " +
                    $"leave such labels out with excludeTags or tags of {selection.Describe}");
            }

            point = new PendingPoint(series);
            _points.Add(series, point);
            _order.Add(point);
        }

        var field = selection.FieldFor(sample);
        if (point.Fields.TryGetValue(field, out var first))
        {
            throw new CollectorException(
                $"{_where}: lines {first.Sample.Line} and {sample.Line} would both be field '{field}' of {series}: " +
                WhyTheSame(first.Sample, first.Selection, sample, selection));
        }

        point.Fields.Add(field, new Origin(sample, selection));
        _samples++;
    }

    public PrometheusScrapeResult Finish() => new(
        [.. _order.Select(p => new MetricPoint(p.Series.Measurement, p.Series.Tags, p.Fields.Select(f => new Field(f.Key, f.Value.Sample.Value)), _timestamp))],
        _samples,
        _nonFinite,
        _nonFiniteExamples,
        [.. _mapping.Selections.Where(s => !_matched[s.Index])]);

    private MetricSelection? Select(PrometheusSample sample)
    {
        // Names repeat (one per series); which selections take a name is worked out once per answer.
        if (!_byName.TryGetValue(sample.Name, out var candidates))
        {
            candidates = [.. _mapping.Selections.Where(s => s.TakesName(sample.Name, sample.Family))];
            _byName.Add(sample.Name, candidates);
        }

        foreach (var candidate in candidates)
        {
            if (candidate.TakesLabels(name => Label(sample, name)))
            {
                return candidate;
            }
        }

        return null;
    }

    private IEnumerable<KeyValuePair<string, string>> EffectiveLabels(PrometheusSample sample)
    {
        foreach (var label in sample.Labels)
        {
            yield return label;
        }

        foreach (var label in _mapping.TargetLabels)
        {
            if (sample.Label(label.Key).Length == 0)
            {
                yield return label;
            }
        }
    }

    private string Label(PrometheusSample sample, string name)
    {
        var value = sample.Label(name);
        if (value.Length > 0)
        {
            return value;
        }

        foreach (var (key, target) in _mapping.TargetLabels)
        {
            if (key == name)
            {
                return target;
            }
        }

        return "";
    }

    private string WhyTheSame(PrometheusSample a, MetricSelection aSelection, PrometheusSample b, MetricSelection bSelection)
    {
        if (aSelection != bSelection)
        {
            return $"{aSelection.Describe} and {bSelection.Describe} store into the same measurement; give one of them another measurement or field";
        }

        if (a.Name != b.Name)
        {
            return $"{a.Name} and {b.Name} are both taken by {aSelection.Describe}; give them selections of their own with different fields or measurements";
        }

        var names = a.Labels.Concat(b.Labels).Select(l => l.Key).Distinct(StringComparer.Ordinal);
        var differing = names.Where(n => Label(a, n).Trim() != Label(b, n).Trim()).ToList();
        return differing.Count > 0
            ? $"they differ only in {string.Join(", ", differing)}, which {aSelection.Describe} does not keep as tags; keep them (tags, excludeTags)"
            : "the answer has the same series twice";
    }

    private static string Show(PrometheusSample sample) => sample.Labels.Count == 0
        ? sample.Name
        : $"{sample.Name}{{{string.Join(",", sample.Labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""))}}}";

    // Written back as the exposition escapes it; other control characters (a terminal escape…) never reach a log.
    private static string Escape(string value) => string.Concat(value.Select(c => c switch
    {
        '\\' => "\\\\",
        '"' => "\\\"",
        '\n' => "\\n",
        _ when char.IsControl(c) => "?",
        _ => c.ToString(),
    }));

    private static string Show(double value) => double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed record Origin(PrometheusSample Sample, MetricSelection Selection);

    private sealed class PendingPoint(SeriesKey series)
    {
        public SeriesKey Series { get; } = series;

        /// <summary>Field name to the sample it came from, in the order the answer gave them.</summary>
        public Dictionary<string, Origin> Fields { get; } = new(StringComparer.Ordinal);
    }
}
