using System.Text.Json;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.Prometheus;

/// <summary>
/// <c>kind: prometheus</c>: a GET of a Prometheus text exposition (an exporter's <c>/metrics</c>, a Prometheus
/// server's <c>/federate</c>), with selected metrics mapped to points. Every problem of a spec is reported at once,
/// each as <c>file: spec.path.to.field: what is wrong</c>.
/// </summary>
internal sealed class PrometheusCollectorKind : ICollectorKind
{
    /// <summary>The kind's name, and the name of the <see cref="HttpClient"/> it asks the factory for.</summary>
    public const string KindName = "prometheus";

    /// <summary>
    /// Sent unless <c>spec.headers</c> has an <c>Accept</c>: the text format 0.0.4, so that an endpoint that
    /// negotiates answers with it rather than with protobuf or OpenMetrics.
    /// </summary>
    internal const string DefaultAccept = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    private static readonly JsonSerializerOptions SpecJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly SpecHelp Help = new(
        "url, headers, maxResponseBytes, targetLabels, metrics",
        "url, names, patterns and label values are text (quote values such as '500' or '0.5'), metrics and tags are lists",
        new Dictionary<string, string> { ["metrics"] = "a selection knows name, match, labels, measurement, field, tags, excludeTags" },
        new Dictionary<string, string> { ["$.maxResponseBytes"] = "a whole number of bytes, such as 10485760" });

    private readonly IHttpClientFactory _http;
    private readonly ILogger _logger;

    public PrometheusCollectorKind(IHttpClientFactory http, ILogger<PrometheusCollector> logger)
    {
        _http = http;
        _logger = logger;
    }

    public string Name => KindName;

    public ICollector Create(CollectorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var source = definition.Source;
        var options = SpecBinding.Bind<PrometheusCollectorOptions>(definition, SpecJson, Help);

        var problems = new List<string>();
        var url = HttpSource.CheckUrl(options.Url, source, problems);
        var headers = HttpSource.CheckHeaders(options.Headers, source, problems);
        var maxResponseBytes = HttpSource.CheckMaxResponseBytes(options.MaxResponseBytes, source, problems);
        var targetLabels = CheckTargetLabels(options.TargetLabels, $"{source}: spec.targetLabels", problems);
        var selections = new List<MetricSelection>();
        if (options.Metrics is not { Count: > 0 })
        {
            problems.Add($"{source}: spec.metrics: at least one selection is required (name or match of the metrics to keep)");
        }
        else
        {
            for (var i = 0; i < options.Metrics.Count; i++)
            {
                if (CheckSelection(i, options.Metrics[i], $"{source}: spec.metrics[{i}]", problems) is { } selection)
                {
                    selections.Add(selection);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        if (!headers.Exists(h => string.Equals(h.Key, "Accept", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Accept", DefaultAccept));
        }

        return new PrometheusCollector(
            new HttpSource(_http, KindName, "Prometheus text", headers, maxResponseBytes),
            url!,
            new PrometheusPointMapping(selections, targetLabels),
            _logger);
    }

    private static List<KeyValuePair<string, string>> CheckTargetLabels(Dictionary<string, string?>? labels, string at, List<string> problems)
    {
        var checkedLabels = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in labels ?? [])
        {
            if (!CheckTagName(name, $"{at}.{name}", problems))
            {
                continue;
            }

            var reason = string.IsNullOrWhiteSpace(value)
                ? "a value is required"
                : MetricValidator.CheckSeries(new SeriesKey("m", [new Tag(name, value)]));
            if (reason is not null)
            {
                problems.Add($"{at}.{name}: {reason}");
                continue;
            }

            checkedLabels.Add(new(name, value!));
        }

        return checkedLabels;
    }

    private static MetricSelection? CheckSelection(int index, PrometheusMetricOptions? options, string at, List<string> problems)
    {
        if (options is null)
        {
            problems.Add($"{at}: empty; a selection needs name or match");
            return null;
        }

        var count = problems.Count;
        if (options.Name is not null && options.Match is not null)
        {
            problems.Add($"{at}: give name or match, not both");
        }
        else if (options.Name is null && options.Match is null)
        {
            problems.Add($"{at}: name or match is required, the metric(s) to keep");
        }
        else if (options.Name is not null && !PrometheusTextParser.IsMetricName(options.Name))
        {
            problems.Add($"{at}.name: '{options.Name}' is not a metric name (letters, digits, '_' and ':', not starting with a digit)");
        }
        else if (options.Match is not null)
        {
            CheckMatch(options.Match, $"{at}.match", problems);
        }

        var labels = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in options.Labels ?? [])
        {
            if (!PrometheusTextParser.IsLabelName(name))
            {
                problems.Add($"{at}.labels.{name}: '{name}' is not a label name (letters, digits and '_', not starting with a digit)");
            }
            else if (value is null)
            {
                problems.Add($"{at}.labels.{name}: a value is required; \"\" matches samples without the label");
            }
            else
            {
                labels.Add(new(name, value));
            }
        }

        if (options.Measurement is { } measurement
            && (measurement.Length == 0 || measurement.StartsWith('#') || MetricValidator.CheckSeries(new SeriesKey(measurement, [])) is not null))
        {
            problems.Add($"{at}.measurement: '{measurement}' cannot be a measurement (blank, starting with '#', padded or with control characters)");
        }

        if (options.Field is { } field && MetricValidator.CheckSelector("m", null, field) is { } badField)
        {
            problems.Add($"{at}.field: {badField.Reason}");
        }

        if (options.Tags is not null && options.ExcludeTags is not null)
        {
            problems.Add($"{at}: give tags (the labels to keep) or excludeTags (the labels to leave out), not both");
        }

        var tags = CheckLabelList(options.Tags, $"{at}.tags", problems, asTags: true);
        var excludeTags = CheckLabelList(options.ExcludeTags, $"{at}.excludeTags", problems, asTags: false);
        return problems.Count > count
            ? null
            : new MetricSelection(index, options.Name, options.Match, labels, options.Measurement, options.Field, options.Tags is null ? null : tags, excludeTags);
    }

    private static void CheckMatch(string pattern, string at, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            problems.Add($"{at}: a regular expression over metric names is required, such as 'node_filesystem_.*'");
            return;
        }

        try
        {
            MetricSelection.CompileMatch(pattern);
        }
        catch (NotSupportedException ex)
        {
            problems.Add($"{at}: '{pattern}' needs backtracking (backreferences, lookarounds…), which a regex over names does not do: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{at}: '{pattern}' is not a valid regular expression: {ex.Message}");
        }
    }

    private static List<string> CheckLabelList(List<string?>? names, string at, List<string> problems, bool asTags)
    {
        var checkedNames = new List<string>();
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            var name = names![i];
            if (asTags ? CheckTagName(name, $"{at}[{i}]", problems) : CheckLabelName(name, $"{at}[{i}]", problems))
            {
                checkedNames.Add(name!);
            }
        }

        return checkedNames;
    }

    private static bool CheckLabelName(string? name, string at, List<string> problems)
    {
        if (name is null || !PrometheusTextParser.IsLabelName(name))
        {
            problems.Add($"{at}: '{name}' is not a label name (letters, digits and '_', not starting with a digit)");
            return false;
        }

        return true;
    }

    private static bool CheckTagName(string? name, string at, List<string> problems)
    {
        if (!CheckLabelName(name, at, problems))
        {
            return false;
        }

        if (MetricSelection.IsReserved(name!))
        {
            problems.Add($"{at}: '{name}' cannot be a tag ('time' and names starting with '_' are reserved)");
            return false;
        }

        return true;
    }
}
