using System.Text.Json.Serialization;
using Ioc.Core.Collecting;

namespace Ioc.Core.Dashboards;

/// <summary>
/// Dashboards a wall screen shows in turn, each for its dwell time, as written in <c>dashboards/playlists/*.json</c>;
/// <see cref="PlaylistLoader"/> validates it.
/// </summary>
public sealed record PlaylistDefinition
{
    public string? ApiVersion { get; init; }

    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Description { get; init; }

    public IReadOnlyList<PlaylistItem> Items { get; init; } = [];

    [JsonIgnore]
    public string Source { get; init; } = "";

    /// <summary>The ids of the dashboards shown, in order, each once.</summary>
    public IEnumerable<string> DashboardIds() => Items.Select(i => i.Dashboard).Distinct(StringComparer.Ordinal);

    /// <summary>How long one round through every item takes.</summary>
    public TimeSpan Cycle() => Items.Aggregate(TimeSpan.Zero, (sum, item) => sum + item.DwellTime());
}

public sealed record PlaylistItem
{
    /// <summary>A dashboard's id.</summary>
    public string Dashboard { get; init; } = "";

    /// <summary>How long the dashboard stays on screen, e.g. <c>60s</c> or <c>2m</c>.</summary>
    public string Dwell { get; init; } = PlaylistLoader.DefaultDwell;

    /// <summary>The unit a dashboard that follows units shows (its <c>?unit=</c>); the province when left out.</summary>
    public string? Unit { get; init; }

    public TimeSpan DwellTime() => DurationText.TryParse(Dwell, out var dwell) ? dwell : TimeSpan.Zero;
}
