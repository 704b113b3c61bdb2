using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;

namespace Ioc.Core.ServiceIndex;

/// <summary>
/// Loads the scoring tables in <c>indices/*.yaml</c>. Every problem names the file and the path, e.g.
/// <c>indices/service-index-766.yaml: groups[1].maxPoints: the indicators add up to 19, not 20</c>.
/// </summary>
public static partial class ServiceIndexTableLoader
{
    private const double Tolerance = 1e-9;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Every table in the folder; an empty or missing folder has none.</summary>
    public static IReadOnlyList<ServiceIndexTable> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var problems = new List<string>();
        var tables = new List<ServiceIndexTable>();
        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var source = Path.Combine(folder, Path.GetFileName(file));
            try
            {
                var table = Parse(DefinitionFile.ReadAllText(file, source), source);
                if (tables.FirstOrDefault(t => t.Id == table.Id) is { } other)
                {
                    problems.Add($"{source}: id: '{table.Id}' is already used by {other.File}");
                    continue;
                }

                tables.Add(table);
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        return problems.Count > 0 ? throw new DefinitionException(problems) : tables;
    }

    public static ServiceIndexTable Parse(string yaml, string source)
    {
        var node = YamlToJson.Read(yaml, new Dictionary<string, string>(), source);
        if (node is not JsonObject)
        {
            throw new DefinitionException($"{source}: expected a mapping with apiVersion, id, title and groups");
        }

        ServiceIndexTable? table;
        try
        {
            table = node.Deserialize<ServiceIndexTable>(Json);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is null ? "" : $"{ex.Path.TrimStart('$', '.')}: ";
            var message = ex.Message.Split(" Path:", 2)[0];
            throw new DefinitionException($"{source}: {path}{message}");
        }

        table = (table ?? new ServiceIndexTable()) with { File = source };
        var problems = Validate(table).Select(p => $"{source}: {p.Path}: {p.Message}").ToList();
        return problems.Count > 0 ? throw new DefinitionException(problems) : table;
    }

    public static IEnumerable<(string Path, string Message)> Validate(ServiceIndexTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.ApiVersion != ServiceIndexTable.CurrentApiVersion)
        {
            yield return ("apiVersion", $"'{table.ApiVersion}' is not supported (expected '{ServiceIndexTable.CurrentApiVersion}')");
        }

        if (!IdPattern().IsMatch(table.Id ?? ""))
        {
            yield return ("id", $"'{table.Id}' must be lower-case letters, digits and '-', starting with a letter");
        }

        if (string.IsNullOrWhiteSpace(table.Title))
        {
            yield return ("title", "is required");
        }

        if (table.Groups is null || table.Groups.Count == 0)
        {
            yield return ("groups", "at least one group is required");
            yield break;
        }

        var groupSum = table.Groups.Where(g => g is not null).Sum(g => g.MaxPoints);
        if (Math.Abs(groupSum - table.TotalPoints) > Tolerance)
        {
            yield return ("groups", Text($"the groups' maxPoints add up to {groupSum}, not {table.TotalPoints}"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < table.Groups.Count; g++)
        {
            foreach (var problem in ValidateGroup(table.Groups[g], $"groups[{g}]", ids))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<(string, string)> ValidateGroup(IndexGroup? group, string path, HashSet<string> ids)
    {
        if (group is null)
        {
            yield return (path, "must be a group, not null");
            yield break;
        }

        foreach (var problem in ValidateNamed(group.Id, group.Name, group.MaxPoints, path, ids))
        {
            yield return problem;
        }

        if (group.Indicators is null || group.Indicators.Count == 0)
        {
            yield return ($"{path}.indicators", "at least one indicator is required");
            yield break;
        }

        var sum = group.Indicators.Where(i => i is not null).Sum(i => i.MaxPoints);
        if (Math.Abs(sum - group.MaxPoints) > Tolerance)
        {
            yield return ($"{path}.maxPoints", Text($"the indicators' maxPoints add up to {sum}, not {group.MaxPoints}"));
        }

        for (var i = 0; i < group.Indicators.Count; i++)
        {
            var where = $"{path}.indicators[{i}]";
            var indicator = group.Indicators[i];
            if (indicator is null)
            {
                yield return (where, "must be an indicator, not null");
                continue;
            }

            foreach (var problem in ValidateNamed(indicator.Id, indicator.Name, indicator.MaxPoints, where, ids))
            {
                yield return problem;
            }

            if (indicator.Basis is not (IndexIndicator.AnnexBasis or IndexIndicator.EstimateBasis))
            {
                yield return ($"{where}.basis", $"'{indicator.Basis}' must be '{IndexIndicator.AnnexBasis}' or '{IndexIndicator.EstimateBasis}'");
            }

            if (indicator.Measure is null)
            {
                yield return ($"{where}.measure", "is required");
            }
            else
            {
                foreach (var problem in indicator.Measure.Validate($"{where}.measure"))
                {
                    yield return problem;
                }
            }

            var rule = indicator.Scoring;
            if (rule is null || !double.IsFinite(rule.Full) || !double.IsFinite(rule.Zero) || rule.Full == rule.Zero)
            {
                yield return ($"{where}.scoring", "give full and zero: two different numbers (the value earning every point, and the one earning none)");
            }
        }
    }

    private static IEnumerable<(string, string)> ValidateNamed(string? id, string? name, double maxPoints, string path, HashSet<string> ids)
    {
        if (!IdPattern().IsMatch(id ?? ""))
        {
            yield return ($"{path}.id", $"'{id}' must be lower-case letters, digits and '-', starting with a letter");
        }
        else if (!ids.Add(id!))
        {
            yield return ($"{path}.id", $"'{id}' is used twice in this table");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            yield return ($"{path}.name", "is required");
        }

        if (!(maxPoints > 0) || !double.IsFinite(maxPoints))
        {
            yield return ($"{path}.maxPoints", Text($"must be a positive number, not {maxPoints}"));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
