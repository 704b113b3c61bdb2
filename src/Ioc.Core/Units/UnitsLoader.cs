using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;

namespace Ioc.Core.Units;

/// <summary>
/// Loads <c>units/*.yaml</c> and validates them whole: codes are unique across files, parents and successors exist
/// and are valid when needed, split shares add up. Every problem names the file and the path
/// (<c>units/ha-tinh.yaml: units[14].validTo: …</c>).
/// </summary>
public static class UnitsLoader
{
    private const double ShareTolerance = 1e-9;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>The registry of every file in <paramref name="directory"/>; an empty one when the folder does not exist.</summary>
    public static UnitRegistry LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new UnitRegistry([]);
        }

        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var files = Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal)
            .Select(f => (Source: Path.Combine(folder, Path.GetFileName(f)), Text: DefinitionFile.ReadAllText(f, Path.Combine(folder, Path.GetFileName(f)))));
        return Load(files);
    }

    /// <summary>Parses and validates files given as (source name, YAML text).</summary>
    public static UnitRegistry Load(IEnumerable<(string Source, string Yaml)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<string>();
        var parsed = new List<UnitsFile>();
        foreach (var (source, yaml) in files)
        {
            try
            {
                parsed.Add(Parse(yaml, source));
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        problems.AddRange(Validate(parsed));
        return problems.Count > 0 ? throw new DefinitionException(problems) : new UnitRegistry(parsed);
    }

    private static UnitsFile Parse(string yaml, string source)
    {
        if (YamlToJson.Read(yaml, new Dictionary<string, string>(), source) is not JsonObject root)
        {
            throw new DefinitionException($"{source}: expected a mapping with apiVersion, province and units");
        }

        UnitsFile? file;
        try
        {
            file = root.Deserialize<UnitsFile>(JsonOptions);
        }
        catch (JsonException ex)
        {
            var path = ex.Path?.TrimStart('$', '.') ?? "";
            var message = path.EndsWith(".level", StringComparison.Ordinal) ? "must be province, district or commune"
                : path.EndsWith(".validFrom", StringComparison.Ordinal) || path.EndsWith(".validTo", StringComparison.Ordinal) ? "must be a date such as 2025-07-01"
                : FirstSentence(ex.Message);
            throw new DefinitionException(path.Length == 0 ? $"{source}: {message}" : $"{source}: {path}: {message}");
        }

        if (file is null)
        {
            throw new DefinitionException($"{source}: empty units file");
        }

        return file with { Units = [.. file.Units.Select(u => u with { Source = source })], File = source };
    }

    private static IEnumerable<string> Validate(IReadOnlyList<UnitsFile> files)
    {
        // First the fields of each unit and the codes' uniqueness, then what needs every unit of every file.
        var byCode = new Dictionary<string, (AdministrativeUnit Unit, string Where)>(StringComparer.Ordinal);
        var all = new List<(AdministrativeUnit Unit, string Where)>();
        foreach (var file in files)
        {
            var source = file.File;
            if (file.ApiVersion != UnitsFile.CurrentApiVersion)
            {
                yield return $"{source}: apiVersion: '{file.ApiVersion}' is not supported (expected '{UnitsFile.CurrentApiVersion}')";
            }

            if (string.IsNullOrWhiteSpace(file.Province))
            {
                yield return $"{source}: province: required (the province profile the file belongs to, e.g. HT)";
            }

            if (file.Units.Count == 0)
            {
                yield return $"{source}: units: at least one unit is required";
            }

            for (var i = 0; i < file.Units.Count; i++)
            {
                var u = file.Units[i];
                var where = $"{u.Source}: units[{i}]";
                if (string.IsNullOrWhiteSpace(u.Code))
                {
                    yield return $"{where}.code: required";
                    continue;
                }

                if (byCode.TryGetValue(u.Code, out var other))
                {
                    yield return $"{where}.code: '{u.Code}' is already used by {other.Where}";
                    continue;
                }

                byCode[u.Code] = (u, where);
                all.Add((u, where));
                if (string.IsNullOrWhiteSpace(u.Name))
                {
                    yield return $"{where}.name: required";
                }

                if (!Enum.IsDefined(u.Level))
                {
                    yield return $"{where}.level: must be province, district or commune";
                }

                if (u.ValidTo is { } to && to <= u.ValidFrom)
                {
                    yield return $"{where}.validTo: {Day(to)} must be after validFrom {Day(u.ValidFrom)}";
                }
            }
        }

        foreach (var (u, where) in all)
        {
            foreach (var problem in ValidateParent(u, where, byCode))
            {
                yield return problem;
            }

            foreach (var problem in ValidateSuccessors(u, where, byCode))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> ValidateParent(AdministrativeUnit u, string where, Dictionary<string, (AdministrativeUnit Unit, string Where)> byCode)
    {
        if (u.Parent is null)
        {
            if (u.Level != UnitLevel.Province)
            {
                yield return $"{where}.parent: required for a {Name(u.Level)}";
            }

            yield break;
        }

        if (!byCode.TryGetValue(u.Parent, out var parent))
        {
            yield return $"{where}.parent: '{u.Parent}' is not a unit in any units file";
            yield break;
        }

        if (parent.Unit.Level >= u.Level)
        {
            yield return $"{where}.parent: '{u.Parent}' is a {Name(parent.Unit.Level)}; a {Name(u.Level)}'s parent must be of a higher level";
        }

        // A child may start "before" its parent: validFrom 1900-01-01 stands for "before the period modelled" (a
        // district older than its re-established province). It may not outlive its parent, nor end before it starts.
        var outlivesChild = parent.Unit.ValidTo is null || (u.ValidTo is { } to && to <= parent.Unit.ValidTo);
        var overlaps = u.ValidTo is not { } end || end > parent.Unit.ValidFrom;
        if (!outlivesChild || !overlaps)
        {
            yield return $"{where}.parent: '{u.Parent}' is valid {Life(parent.Unit)}, not over the whole life of this unit ({Life(u)})";
        }
    }

    private static IEnumerable<string> ValidateSuccessors(AdministrativeUnit u, string where, Dictionary<string, (AdministrativeUnit Unit, string Where)> byCode)
    {
        if (u.Successors.Count == 0)
        {
            yield break;
        }

        if (u.ValidTo is not { } end)
        {
            yield return $"{where}.successors: a unit with successors needs validTo, the day they take over";
            yield break;
        }

        for (var j = 0; j < u.Successors.Count; j++)
        {
            var s = u.Successors[j];
            if (!byCode.TryGetValue(s.Code, out var successor))
            {
                yield return $"{where}.successors[{j}]: '{s.Code}' is not a unit in any units file";
            }
            else if (!successor.Unit.IsValidOn(end))
            {
                yield return $"{where}.successors[{j}]: '{s.Code}' is valid {Life(successor.Unit)}, not on {Day(end)} when this unit ends";
            }

            if (s.Share is { } share && !(share > 0 && share <= 1))
            {
                yield return $"{where}.successors[{j}].share: {share.ToString(CultureInfo.InvariantCulture)} must be above 0 and at most 1";
            }
        }

        var shares = u.Successors.Where(s => s.Share is not null).ToList();
        if (shares.Count > 0 && shares.Count < u.Successors.Count)
        {
            yield return $"{where}.successors: give a share for every successor or for none";
        }
        else if (shares.Count > 0 && Math.Abs(shares.Sum(s => s.Share!.Value) - 1) > ShareTolerance)
        {
            yield return $"{where}.successors: shares sum to {shares.Sum(s => s.Share!.Value).ToString(CultureInfo.InvariantCulture)}, not 1";
        }
        else if (shares.Count == 0 && u.Successors.Count > 1)
        {
            yield return $"{where}.successors: a unit split among several successors needs each one's share";
        }
    }

    private static string Name(UnitLevel level) => level.ToString().ToLowerInvariant();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Life(AdministrativeUnit u) => u.ValidTo is { } to ? $"from {Day(u.ValidFrom)} to {Day(to)}" : $"from {Day(u.ValidFrom)}";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
