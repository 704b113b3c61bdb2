using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ioc.Core.Collecting;

/// <summary>
/// Loads <c>collectors/*.yaml</c>: one source system per file. Applies defaults, refuses unknown fields,
/// unknown kinds and duplicate ids, and reports every problem of every file at once, each naming file and field.
/// </summary>
public static partial class CollectorDefinitionLoader
{
    private const int MaxRetries = 10;

    // A yearly figure entered by hand is judged from its year's start, so this reaches past two years.
    private static readonly TimeSpan MaxFreshness = TimeSpan.FromDays(1100);

    private static readonly HashSet<string> KnownFields = ["apiVersion", "id", "name", "kind", "schedule", "timeout", "freshness", "jitter", "retries", "enabled", "spec"];

    public static IReadOnlyList<CollectorDefinition> LoadDirectory(string directory, IReadOnlyDictionary<string, string> variables)
    {
        if (!Directory.Exists(directory))
        {
            throw new DefinitionException($"{directory}: collector folder does not exist");
        }

        var files = Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        var problems = new List<string>();
        var definitions = new List<CollectorDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var source = Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), Path.GetFileName(file));
            try
            {
                var definition = Parse(DefinitionFile.ReadAllText(file, source), variables, source);
                if (seen.TryGetValue(definition.Id, out var other))
                {
                    problems.Add($"{source}: id: '{definition.Id}' is already used by {other}");
                    continue;
                }

                seen[definition.Id] = source;
                definitions.Add(definition);
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

        return definitions;
    }

    public static CollectorDefinition Parse(string yaml, IReadOnlyDictionary<string, string> variables, string source)
    {
        if (YamlToJson.Read(yaml, variables, source) is not JsonObject root)
        {
            throw new DefinitionException($"{source}: expected a mapping with apiVersion, id, kind, schedule and spec");
        }

        var problems = new List<string>();
        foreach (var (key, _) in root)
        {
            if (!KnownFields.Contains(key))
            {
                problems.Add($"{source}: {key}: unknown field (known: {string.Join(", ", KnownFields)})");
            }
        }

        var apiVersion = Text(root, "apiVersion", source, problems);
        if (apiVersion is not null && apiVersion != CollectorDefinition.CurrentApiVersion)
        {
            problems.Add($"{source}: apiVersion: '{apiVersion}' is not supported (expected '{CollectorDefinition.CurrentApiVersion}')");
        }

        var id = Text(root, "id", source, problems);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            problems.Add($"{source}: id: '{id}' must be lower-case letters, digits and '-', starting with a letter, at most 64 characters");
        }

        var kind = Text(root, "kind", source, problems);
        // Absent for a kind that is never scheduled; the catalog refuses that for every other kind.
        var scheduleText = root["schedule"] is null ? "" : Text(root, "schedule", source, problems);
        CronSchedule? schedule = null;
        if (!string.IsNullOrEmpty(scheduleText) && !CronSchedule.TryParse(scheduleText, out schedule, out var cronError))
        {
            problems.Add($"{source}: schedule: {cronError}");
        }

        var jitter = Jitter(root, schedule, source, problems);

        var timeout = TimeSpan.FromSeconds(10);
        if (root["timeout"] is { } timeoutNode)
        {
            if (!DurationText.TryParse(timeoutNode.ToString(), out timeout) || timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
            {
                problems.Add($"{source}: timeout: '{timeoutNode}' must be a duration such as 500ms, 10s or 2m, above zero and at most 10m");
            }
        }

        var retries = CollectorDefinition.DefaultRetries;
        if (root["retries"] is { } retriesNode)
        {
            if (retriesNode is JsonValue retriesValue && retriesValue.TryGetValue<long>(out var count) && count is >= 0 and <= MaxRetries)
            {
                retries = (int)count;
            }
            else
            {
                problems.Add($"{source}: retries: '{retriesNode.ToJsonString()}' must be a whole number from 0 to {MaxRetries}");
            }
        }

        TimeSpan? freshness = null;
        if (root["freshness"] is { } freshnessNode)
        {
            if (DurationText.TryParse(freshnessNode.ToString(), out var parsed) && parsed > TimeSpan.Zero && parsed <= MaxFreshness)
            {
                freshness = parsed;
            }
            else
            {
                problems.Add($"{source}: freshness: '{freshnessNode}' must be a duration such as 90s, 15m or 2d, above zero and at most {MaxFreshness.TotalDays:0}d");
            }
        }

        var enabled = true;
        if (root["enabled"] is { } enabledNode)
        {
            if (enabledNode.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                enabled = enabledNode.GetValue<bool>();
            }
            else
            {
                problems.Add($"{source}: enabled: '{enabledNode}' must be true or false");
            }
        }

        if (root["spec"] is not JsonObject spec)
        {
            problems.Add($"{source}: spec: required, a mapping with the {kind ?? "kind"}-specific settings");
            spec = [];
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        root.Remove("spec");
        return new CollectorDefinition
        {
            Id = id!,
            Name = root["name"]?.ToString() ?? id!,
            Kind = kind!,
            Schedule = scheduleText!,
            Timeout = timeout,
            Freshness = freshness,
            Jitter = jitter,
            Retries = retries,
            Enabled = enabled,
            Spec = spec,
            Source = source,
        };
    }

    private static string? Text(JsonObject root, string field, string source, List<string> problems)
    {
        var node = root[field];
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        problems.Add(node is null ? $"{source}: {field}: required" : $"{source}: {field}: must be a non-empty string, not '{node.ToJsonString()}'");
        return null;
    }

    /// <summary>Up to 10 minutes, and shorter than the schedule's gap, so a run never starts after the next slot's.</summary>
    private static TimeSpan Jitter(JsonObject root, CronSchedule? schedule, string source, List<string> problems)
    {
        if (root["jitter"] is not { } node)
        {
            return TimeSpan.Zero;
        }

        if (!DurationText.TryParse(node.ToString(), out var jitter) || jitter < TimeSpan.Zero || jitter > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{source}: jitter: '{node}' must be a duration such as 500ms, 3s or 1m, at most 10m");
            return TimeSpan.Zero;
        }

        if (schedule?.Next(DateTimeOffset.UtcNow) is { } next && schedule.Next(next) is { } after && jitter >= after - next)
        {
            problems.Add($"{source}: jitter: {node} is not shorter than the gap between the schedule's runs ({(after - next).TotalSeconds:0.###} s)");
        }

        return jitter;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
