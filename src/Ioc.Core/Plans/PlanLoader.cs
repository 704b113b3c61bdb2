using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;

namespace Ioc.Core.Plans;

/// <summary>
/// Loads <c>plans/*.yaml</c>, one plan per file. Unknown fields, duplicate ids and missing parts are refused, and
/// every problem names the file and the path, e.g. <c>plans/ha-tinh-cds.yaml: targets[3].deadline: is required</c>.
/// </summary>
public static partial class PlanLoader
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    public static IReadOnlyList<PlanDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DefinitionException($"{directory}: plan folder does not exist");
        }

        var problems = new List<string>();
        var plans = new List<PlanDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var source = Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), Path.GetFileName(file));
            try
            {
                var plan = Parse(DefinitionFile.ReadAllText(file, source), source);
                if (seen.TryGetValue(plan.Id, out var other))
                {
                    problems.Add($"{source}: id: '{plan.Id}' is already used by {other}");
                    continue;
                }

                seen[plan.Id] = source;
                plans.Add(plan);
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        return problems.Count > 0 ? throw new DefinitionException(problems) : plans;
    }

    public static PlanDefinition Parse(string yaml, string source)
    {
        var node = YamlToJson.Read(yaml, NoVariables, source) ?? throw new DefinitionException($"{source}: empty plan");
        PlanDefinition? plan;
        try
        {
            plan = node.Deserialize<PlanDefinition>(JsonOptions);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is null ? "" : ex.Path.TrimStart('$', '.') + ": ";
            var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new DefinitionException($"{source}: {path}{(cut > 0 ? ex.Message[..cut] : ex.Message)}");
        }

        if (plan is null)
        {
            throw new DefinitionException($"{source}: empty plan");
        }

        plan = plan with { File = source };
        var problems = Validate(plan).Select(p => $"{source}: {p.Path}: {p.Message}").ToList();
        return problems.Count > 0 ? throw new DefinitionException(problems) : plan;
    }

    public static IEnumerable<(string Path, string Message)> Validate(PlanDefinition plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.ApiVersion != PlanDefinition.CurrentApiVersion)
        {
            yield return ("apiVersion", $"'{plan.ApiVersion}' is not supported (expected '{PlanDefinition.CurrentApiVersion}')");
        }

        if (!IdPattern().IsMatch(plan.Id))
        {
            yield return ("id", $"'{plan.Id}' must be lower-case letters, digits and '-', starting with a letter");
        }

        foreach (var problem in Required(("title", plan.Title), ("province", plan.Province)))
        {
            yield return problem;
        }

        foreach (var problem in ValidateLegalBasis(plan.LegalBasis, "legalBasis"))
        {
            yield return problem;
        }

        var groups = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Groups.Count; i++)
        {
            var g = plan.Groups[i];
            if (g is null || !IdPattern().IsMatch(g.Id))
            {
                yield return ($"groups[{i}].id", "must be lower-case letters, digits and '-', starting with a letter");
            }
            else if (!groups.Add(g.Id))
            {
                yield return ($"groups[{i}].id", $"'{g.Id}' appears twice in this plan");
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Targets.Count; i++)
        {
            foreach (var problem in ValidateTarget(plan.Targets[i], $"targets[{i}]", ids, groups))
            {
                yield return problem;
            }
        }

        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Tasks.Count; i++)
        {
            foreach (var problem in ValidateTask(plan.Tasks[i], $"tasks[{i}]", taskIds, groups))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<(string, string)> ValidateTarget(TargetDefinition? t, string path, HashSet<string> ids, HashSet<string> groups)
    {
        if (t is null)
        {
            yield return (path, "must be a target, not null");
            yield break;
        }

        foreach (var problem in IdAndGroup(t.Id, t.Group, path, ids, groups))
        {
            yield return problem;
        }

        foreach (var problem in Required(($"{path}.title", t.Title), ($"{path}.owner", t.Owner)))
        {
            yield return problem;
        }

        foreach (var problem in t.Kpi.Validate($"{path}.kpi"))
        {
            yield return problem;
        }

        if (t.Level is not ("province" or "district" or "commune"))
        {
            yield return ($"{path}.level", $"'{t.Level}' must be province, district or commune");
        }

        if (!double.IsFinite(t.Target.Value))
        {
            yield return ($"{path}.target.value", "must be a number");
        }

        if (t.Deadline == default)
        {
            yield return ($"{path}.deadline", "is required (a date such as 2025-12-31)");
        }

        if (t.Baseline is { } baseline && baseline.Date is { } from && t.Deadline != default && from > t.Deadline)
        {
            yield return ($"{path}.baseline.date", string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} is after the deadline {t.Deadline:yyyy-MM-dd}"));
        }

        if (t.TrendWindow is < 7 or > 730)
        {
            yield return ($"{path}.trendWindow", $"{t.TrendWindow} must be between 7 and 730 days");
        }

        if (t.Freshness is not null && (!DurationText.TryParse(t.Freshness, out var fresh) || fresh <= TimeSpan.Zero || fresh > TimeSpan.FromDays(1100)))
        {
            yield return ($"{path}.freshness", $"'{t.Freshness}' must be a duration such as 2d or 900d, at most 1100d");
        }

        if (t.LegalBasis is { } basis)
        {
            foreach (var problem in ValidateLegalBasis(basis, $"{path}.legalBasis"))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<(string, string)> ValidateTask(TaskDefinition? t, string path, HashSet<string> ids, HashSet<string> groups)
    {
        if (t is null)
        {
            yield return (path, "must be a task, not null");
            yield break;
        }

        foreach (var problem in IdAndGroup(t.Id, t.Group, path, ids, groups))
        {
            yield return problem;
        }

        foreach (var problem in Required(($"{path}.title", t.Title), ($"{path}.owner", t.Owner)))
        {
            yield return problem;
        }

        if (t.Deadline == default)
        {
            yield return ($"{path}.deadline", "is required (a date such as 2025-12-31)");
        }

        if (t.DoneOn is not null && t.State != TaskState.Done)
        {
            yield return ($"{path}.doneOn", "only a task in state done has a doneOn date");
        }
    }

    private static IEnumerable<(string, string)> IdAndGroup(string id, string? group, string path, HashSet<string> ids, HashSet<string> groups)
    {
        if (!IdPattern().IsMatch(id ?? ""))
        {
            yield return ($"{path}.id", $"'{id}' must be lower-case letters, digits and '-', starting with a letter");
        }
        else if (!ids.Add(id!))
        {
            yield return ($"{path}.id", $"'{id}' appears twice in this plan");
        }

        if (group is not null && !groups.Contains(group))
        {
            yield return ($"{path}.group", $"'{group}' is not one of the plan's groups ({string.Join(", ", groups)})");
        }
    }

    private static IEnumerable<(string, string)> ValidateLegalBasis(LegalBasis basis, string path)
    {
        foreach (var problem in Required(($"{path}.number", basis.Number), ($"{path}.issuer", basis.Issuer), ($"{path}.title", basis.Title)))
        {
            yield return problem;
        }

        if (basis.Date is null)
        {
            yield return ($"{path}.date", "is required (the document's date, e.g. 2021-10-22)");
        }

        if (basis.Url is not null && (!Uri.TryCreate(basis.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            yield return ($"{path}.url", $"'{basis.Url}' must be an http(s) address");
        }
    }

    private static IEnumerable<(string, string)> Required(params (string Path, string? Value)[] fields) =>
        fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => (f.Path, "is required"));

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
