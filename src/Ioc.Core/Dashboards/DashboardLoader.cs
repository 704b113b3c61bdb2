using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;
using Ioc.Core.Kpis;
using Ioc.Core.Storage;

namespace Ioc.Core.Dashboards;

/// <summary>
/// Loads <c>dashboards/*.json</c>. Unknown fields, unknown panel types, duplicate ids and missing series are
/// refused, and every problem names the file, the panel and the field.
/// </summary>
public static partial class DashboardLoader
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true, // "panels": null is a problem naming the field, not a crash in Validate
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static IReadOnlyList<DashboardDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DefinitionException($"{directory}: dashboard folder does not exist");
        }

        var problems = new List<string>();
        var dashboards = new List<DashboardDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), Path.GetFileName(file));
            try
            {
                var dashboard = Parse(DefinitionFile.ReadAllText(file, source), source);
                if (seen.TryGetValue(dashboard.Id, out var other))
                {
                    problems.Add($"{source}: id: '{dashboard.Id}' is already used by {other}");
                    continue;
                }

                seen[dashboard.Id] = source;
                dashboards.Add(dashboard);
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        return dashboards;
    }

    public static DashboardDefinition Parse(string json, string source)
    {
        DashboardDefinition? dashboard;
        try
        {
            dashboard = JsonSerializer.Deserialize<DashboardDefinition>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : Where(json, ex.Path.TrimStart('$', '.'));
            var line = ex.LineNumber is null ? "" : $" (line {ex.LineNumber + 1})";
            throw new DefinitionException($"{source}: {where}{FirstSentence(ex.Message)}{line}");
        }

        if (dashboard is null)
        {
            throw new DefinitionException($"{source}: empty dashboard");
        }

        dashboard = dashboard with { Source = source };
        var problems = Validate(dashboard).ToList();
        return problems.Count > 0 ? throw new DefinitionException(problems) : dashboard;
    }

    public static IEnumerable<string> Validate(DashboardDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var s = d.Source;
        if (d.ApiVersion != DashboardDefinition.CurrentApiVersion)
        {
            yield return $"{s}: apiVersion: '{d.ApiVersion}' is not supported (expected '{DashboardDefinition.CurrentApiVersion}')";
        }

        if (!IdPattern().IsMatch(d.Id))
        {
            yield return $"{s}: id: '{d.Id}' must be lower-case letters, digits and '-', starting with a letter";
        }

        if (string.IsNullOrWhiteSpace(d.Title))
        {
            yield return $"{s}: title: required";
        }

        if (!DurationText.TryParse(d.TimeWindow, out var window) || window <= TimeSpan.Zero)
        {
            yield return $"{s}: timeWindow: '{d.TimeWindow}' must be a duration such as 30m, 2h or 7d";
        }

        if (d.Audience is not (DashboardDefinition.WallAudience or DashboardDefinition.LeadersAudience))
        {
            yield return $"{s}: audience: '{d.Audience}' must be 'wall' (operators see it too) or 'leaders'";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(d.TimeZone ?? "", out _))
        {
            yield return $"{s}: timeZone: '{d.TimeZone}' is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)";
        }

        if (d.Columns is < 1 or > 48)
        {
            yield return $"{s}: columns: {d.Columns} must be between 1 and 48";
        }

        if (d.Panels.Count == 0)
        {
            yield return $"{s}: panels: at least one panel is required";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Panels.Count; i++)
        {
            var p = d.Panels[i];
            if (p is null)
            {
                // Nullable annotations are not enforced on list items: "panels": [null] binds.
                yield return $"{s}: panels[{i}]: must be a panel, not null";
                continue;
            }

            var where = $"{s}: panel '{p.Id}' (panels[{i}])";
            if (!IdPattern().IsMatch(p.Id))
            {
                yield return $"{where}: id: must be lower-case letters, digits and '-', starting with a letter";
            }
            else if (!ids.Add(p.Id))
            {
                yield return $"{where}: id: appears twice in this dashboard";
            }

            if (p.Type == PanelTypes.Ranking && d.Audience == DashboardDefinition.WallAudience)
            {
                yield return $"{where}: type: ranking panels read the units query, which operators may not call; put them on a leaders' dashboard";
            }

            foreach (var problem in ValidatePanel(p, d.Columns).Concat(ValidatePlanPanel(p, d.Audience)))
            {
                yield return $"{where}: {problem}";
            }
        }
    }

    private static IEnumerable<string> ValidatePanel(PanelDefinition p, int columns)
    {
        if (!PanelTypes.All.Contains(p.Type))
        {
            yield return $"type: '{p.Type}' is not a panel type (known: {string.Join(", ", PanelTypes.All)})";
        }

        if (string.IsNullOrWhiteSpace(p.Title))
        {
            yield return "title: required";
        }

        if (p.Width < 1 || p.Width > columns)
        {
            yield return $"width: {p.Width} must be between 1 and the dashboard's {columns} columns";
        }

        if (p.Height is < 1 or > 12)
        {
            yield return $"height: {p.Height} must be between 1 and 12";
        }

        if (p.Series.Count == 0 && p.Type != PanelTypes.Ranking && !PanelTypes.DrawsPlans(p.Type) && p.Options.Measure is null)
        {
            yield return "series: at least one series is required";
        }

        for (var j = 0; j < p.Series.Count; j++)
        {
            var ser = p.Series[j];
            if (ser is null)
            {
                yield return $"series[{j}]: must be a series, not null";
                continue;
            }

            if (string.IsNullOrWhiteSpace(ser.Measurement))
            {
                yield return $"series[{j}].measurement: required";
            }

            if (string.IsNullOrWhiteSpace(ser.Field))
            {
                yield return $"series[{j}].field: required";
            }

            foreach (var (key, value) in ser.Tags ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value))
                {
                    yield return $"series[{j}].tags.{key}: tag keys and values must be non-empty text, or the panel matches nothing";
                }
            }
        }

        var o = p.Options;
        if (!DurationText.TryParse(o.StaleAfter, out var stale) || stale <= TimeSpan.Zero)
        {
            yield return $"options.staleAfter: '{o.StaleAfter}' must be a duration such as 90s or 5m";
        }

        if (o.TimeWindow is not null && (!DurationText.TryParse(o.TimeWindow, out var w) || w <= TimeSpan.Zero))
        {
            yield return $"options.timeWindow: '{o.TimeWindow}' must be a duration such as 30m or 2h";
        }

        if (o.TargetDirection is not ("up" or "down"))
        {
            yield return $"options.targetDirection: '{o.TargetDirection}' must be 'up' or 'down'";
        }

        if (o.MaxPoints is < 2 or > 2000)
        {
            yield return $"options.maxPoints: {o.MaxPoints} must be between 2 and 2000";
        }

        if (o.MaxSeries is < 1 or > 1000)
        {
            yield return $"options.maxSeries: {o.MaxSeries} must be between 1 and 1000";
        }

        if (o.Decimals is < 0 or > 6)
        {
            yield return $"options.decimals: {o.Decimals} must be between 0 and 6";
        }

        if (p.Type == PanelTypes.Bar && string.IsNullOrWhiteSpace(o.LabelTag))
        {
            yield return "options.labelTag: required for bar panels (the tag that names each bar, e.g. unit_name)";
        }

        if (p.Type == PanelTypes.Ranking)
        {
            foreach (var problem in ValidateRanking(o))
            {
                yield return problem;
            }
        }

        if (p.Type == PanelTypes.Gauge && (o.Max is null || o.Min >= o.Max))
        {
            yield return "options.max: required for gauges and must be above options.min";
        }

        foreach (var problem in ValidateMeasurePanel(p))
        {
            yield return problem;
        }

        if (p.Type == PanelTypes.ServiceIndex && o.Level is not ("province" or "agency" or "commune"))
        {
            yield return $"options.level: '{o.Level}' must be province, agency or commune for service-index panels";
        }

        if (p.Type is PanelTypes.Stat or PanelTypes.Gauge && o.Aggregation != Aggregation.Mean && o.Aggregation != Aggregation.Last)
        {
            yield return "options.aggregation: stat and gauge panels show the last value; leave it out";
        }
    }

    // Names a panel by its id as Validate does; the text failed to bind but is usually well-formed enough to read the id.
    private static string Where(string json, string path)
    {
        var match = PanelPath().Match(path);
        if (!match.Success)
        {
            return $"{path}: ";
        }

        var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        string? id = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("panels", out var panels) && panels.ValueKind == JsonValueKind.Array && index < panels.GetArrayLength()
                && panels[index] is { ValueKind: JsonValueKind.Object } panel
                && panel.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String)
            {
                id = value.GetString();
            }
        }
        catch (JsonException)
        {
            // Not well-formed: name the panel by its index alone.
        }

        if (id is null)
        {
            return $"{path}: ";
        }

        var field = match.Groups[2].Value;
        return field.Length == 0 ? $"panel '{id}' (panels[{index}]): " : $"panel '{id}' (panels[{index}]): {field}: ";
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^panels\[(\d+)\]\.?(.*)$")]
    private static partial Regex PanelPath();
}
