using System.Text.RegularExpressions;

namespace Ioc.Collectors.Prometheus;

/// <summary>
/// One checked entry of <c>spec.metrics</c>: which samples it takes (by name or anchored regex, then by label
/// values) and the measurement, field and tags it gives them.
/// </summary>
internal sealed class MetricSelection
{
    /// <summary>The field of a plain sample (counter, gauge, untyped) or a summary's quantile, unless <c>field</c> says otherwise.</summary>
    public const string DefaultField = "value";

    private readonly string? _name;
    private readonly string? _pattern;
    private readonly Regex? _match;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _labels;
    private readonly string? _measurement;
    private readonly string _field;
    private readonly HashSet<string>? _tags;
    private readonly HashSet<string> _excludeTags;

    /// <param name="match">
    /// A pattern <see cref="CompileMatch"/> accepts; exactly one of <paramref name="name"/> and <paramref name="match"/> is given.
    /// </param>
    /// <param name="tags">The labels kept as tags, or null for every label except <paramref name="excludeTags"/>.</param>
    public MetricSelection(int index, string? name, string? match, IReadOnlyList<KeyValuePair<string, string>> labels, string? measurement, string? field, IEnumerable<string>? tags, IEnumerable<string> excludeTags)
    {
        Index = index;
        _name = name;
        _pattern = match;
        _match = match is null ? null : CompileMatch(match);
        _labels = labels;
        _measurement = measurement;
        _field = field ?? DefaultField;
        _tags = tags?.ToHashSet(StringComparer.Ordinal);
        _excludeTags = excludeTags.ToHashSet(StringComparer.Ordinal);
    }

    public int Index { get; }

    /// <summary>How messages name it: <c>metrics[1] (name node_load1)</c>.</summary>
    public string Describe => _name is not null ? $"metrics[{Index}] (name {_name})" : $"metrics[{Index}] (match {_pattern})";

    /// <summary>
    /// Whether the name part of this selection takes samples called <paramref name="name"/>: the name as written, or
    /// for a part of a histogram or summary (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>, quantiles) its family's name.
    /// </summary>
    public bool TakesName(string name, string family) => Matches(name) || (name != family && Matches(family));

    /// <summary>Whether every <c>labels</c> matcher holds; <paramref name="label"/> gives "" for a label the sample lacks.</summary>
    public bool TakesLabels(Func<string, string> label)
    {
        foreach (var (name, value) in _labels)
        {
            if (!string.Equals(label(name), value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The measurement: as given, else a histogram's or summary's name for its parts, else the metric's name.</summary>
    public string MeasurementFor(PrometheusSample sample) => _measurement ?? sample.Family;

    /// <summary><c>bucket</c>, <c>sum</c> or <c>count</c> for those parts of a histogram or summary, else <c>field</c>.</summary>
    public string FieldFor(PrometheusSample sample) => sample.Part switch
    {
        SamplePart.Bucket => "bucket",
        SamplePart.Sum => "sum",
        SamplePart.Count => "count",
        _ => _field,
    };

    /// <summary>
    /// Whether a label becomes a tag. A bucket's <c>le</c> and a quantile's <c>quantile</c> always do: without them
    /// the buckets of one histogram would overwrite one another. Names the store reserves (<c>time</c>, a leading
    /// <c>_</c>) never do.
    /// </summary>
    public bool KeepsTag(string label, SamplePart part)
    {
        if ((part == SamplePart.Bucket && label == "le") || (part == SamplePart.Quantile && label == "quantile"))
        {
            return true;
        }

        if (IsReserved(label))
        {
            return false;
        }

        return _tags?.Contains(label) ?? !_excludeTags.Contains(label);
    }

    /// <summary>
    /// <c>match</c> as a regex over the whole name, as Prometheus anchors its own. Non-backtracking: time linear in
    /// the name whatever the pattern, and like Prometheus's RE2 it has no backreferences or lookarounds. Throws
    /// <see cref="ArgumentException"/> or <see cref="NotSupportedException"/> for a pattern it cannot take.
    /// </summary>
    internal static Regex CompileMatch(string pattern)
    {
        const RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        // Parsed alone first: "a)|(b" would otherwise close the anchoring group and match anywhere.
        _ = new Regex(pattern, options);
        return new Regex($"^(?:{pattern})$", options);
    }

    /// <summary>Label names no tag may have: the store keeps <c>time</c> and names starting with <c>_</c> for itself.</summary>
    internal static bool IsReserved(string label) => label == "time" || label.StartsWith('_');

    private bool Matches(string name) => _name is not null ? string.Equals(name, _name, StringComparison.Ordinal) : _match!.IsMatch(name);
}
