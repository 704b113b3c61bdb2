using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ioc.Core.Collecting;

namespace Ioc.Core.Dashboards;

/// <summary>
/// Loads <c>dashboards/playlists/*.json</c>. Unknown fields, duplicate ids, unknown dashboards and dwell times out of
/// bounds are refused, and every problem names the file and the field.
/// </summary>
public static partial class PlaylistLoader
{
    public const string DefaultDwell = "60s";

    /// <summary>The folder under the dashboards folder that holds playlists.</summary>
    public const string Folder = "playlists";

    public static readonly TimeSpan DefaultMinDwell = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxDwell = TimeSpan.FromHours(1);

    /// <summary>Every playlist in the folder; none when the folder does not exist (playlists are optional).</summary>
    /// <param name="dashboards">Ids of the dashboards an item may name.</param>
    public static IReadOnlyList<PlaylistDefinition> LoadDirectory(string directory, IReadOnlySet<string> dashboards, TimeSpan minDwell)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var parent = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)) ?? "");
        var problems = new List<string>();
        var playlists = new List<PlaylistDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var source = string.Join('/', new[] { parent, folder, Path.GetFileName(file) }.Where(p => p.Length > 0));
            try
            {
                var playlist = Parse(DefinitionFile.ReadAllText(file, source), source, dashboards, minDwell);
                if (seen.TryGetValue(playlist.Id, out var other))
                {
                    problems.Add($"{source}: id: '{playlist.Id}' is already used by {other}");
                    continue;
                }

                seen[playlist.Id] = source;
                playlists.Add(playlist);
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        return problems.Count > 0 ? throw new DefinitionException(problems) : playlists;
    }

    public static PlaylistDefinition Parse(string json, string source, IReadOnlySet<string> dashboards, TimeSpan minDwell)
    {
        PlaylistDefinition? playlist;
        try
        {
            playlist = JsonSerializer.Deserialize<PlaylistDefinition>(json, DashboardLoader.JsonOptions);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $"{ex.Path.TrimStart('$', '.')}: ";
            var line = ex.LineNumber is null ? "" : $" (line {ex.LineNumber + 1})";
            var message = ex.Message.IndexOf(" Path:", StringComparison.Ordinal) is var cut and > 0 ? ex.Message[..cut] : ex.Message;
            throw new DefinitionException($"{source}: {where}{message}{line}");
        }

        if (playlist is null)
        {
            throw new DefinitionException($"{source}: empty playlist");
        }

        playlist = playlist with { Source = source };
        var problems = Validate(playlist, dashboards, minDwell).ToList();
        return problems.Count > 0 ? throw new DefinitionException(problems) : playlist;
    }

    public static IEnumerable<string> Validate(PlaylistDefinition p, IReadOnlySet<string> dashboards, TimeSpan minDwell)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(dashboards);
        var s = p.Source;
        if (p.ApiVersion != DashboardDefinition.CurrentApiVersion)
        {
            yield return $"{s}: apiVersion: '{p.ApiVersion}' is not supported (expected '{DashboardDefinition.CurrentApiVersion}')";
        }

        if (!IdPattern().IsMatch(p.Id))
        {
            yield return $"{s}: id: '{p.Id}' must be lower-case letters, digits and '-', starting with a letter";
        }

        if (string.IsNullOrWhiteSpace(p.Title))
        {
            yield return $"{s}: title: required";
        }

        if (p.Items.Count == 0)
        {
            yield return $"{s}: items: at least one dashboard is required";
        }

        for (var i = 0; i < p.Items.Count; i++)
        {
            var item = p.Items[i];
            if (item is null)
            {
                yield return $"{s}: items[{i}]: must be an item, not null";
                continue;
            }

            if (!dashboards.Contains(item.Dashboard))
            {
                yield return $"{s}: items[{i}].dashboard: no dashboard '{item.Dashboard}' (known: {string.Join(", ", dashboards.Order(StringComparer.Ordinal))})";
            }

            if (!DurationText.TryParse(item.Dwell, out var dwell))
            {
                yield return $"{s}: items[{i}].dwell: '{item.Dwell}' must be a duration such as 30s, 2m or 1h";
            }
            else if (dwell < minDwell || dwell > MaxDwell)
            {
                yield return $"{s}: items[{i}].dwell: '{item.Dwell}' must be between {Text(minDwell)} and {Text(MaxDwell)}";
            }

            if (item.Unit is { } unit && string.IsNullOrWhiteSpace(unit))
            {
                yield return $"{s}: items[{i}].unit: leave it out for the province, or name a unit's code";
            }
        }
    }

    private static string Text(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0}h")
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s");

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
