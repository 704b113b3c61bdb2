using Ioc.Core.Dashboards;
using Ioc.Core.Metrics;

namespace Ioc.Server.Features.Dashboards;

/// <summary>The loaded dashboards, and which of them a series feeds (by measurement, then tag subset).</summary>
internal sealed class DashboardCatalog
{
    private readonly Dictionary<string, DashboardDefinition> _byId;
    private readonly Dictionary<string, List<(string DashboardId, PanelSeries Series)>> _byMeasurement;
    /// <summary>Entries the memo of <see cref="DashboardsOf"/> keeps before it starts afresh.</summary>
    public const int MaxMemo = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<SeriesKey, string[]> _memo = new();

    public DashboardCatalog(IEnumerable<DashboardDefinition> dashboards)
    {
        _byId = dashboards.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _byMeasurement = new(StringComparer.Ordinal);
        foreach (var dashboard in _byId.Values)
        {
            foreach (var series in dashboard.Panels.SelectMany(p => p.Series))
            {
                if (!_byMeasurement.TryGetValue(series.Measurement, out var list))
                {
                    _byMeasurement[series.Measurement] = list = [];
                }

                list.Add((dashboard.Id, series));
            }
        }
    }

    public int MemoCount => _memo.Count;

    public IEnumerable<DashboardDefinition> All => _byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal);

    public DashboardDefinition? Find(string? id) => id is null ? null : _byId.GetValueOrDefault(id);

    /// <summary>Ids of the dashboards that draw some field of this series.</summary>
    public IReadOnlyList<string> DashboardsOf(SeriesKey series)
    {
        if (!_byMeasurement.TryGetValue(series.Measurement, out var list))
        {
            return [];
        }

        // Every point of a write asks this; a province has hundreds of series, not millions. Series that come and go
        // must not grow the memo for ever, and recomputing an answer is cheap, so a full memo starts afresh.
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(series))
        {
            _memo.Clear();
        }

        return _memo.GetOrAdd(series, static (key, entries) =>
            [.. entries.Where(e => Selects(e.Series, key)).Select(e => e.DashboardId).Distinct(StringComparer.Ordinal)], list);
    }

    // "$unit" stands for whichever unit a page shows: every unit's series feeds the dashboard and the page keeps its own.
    private static bool Selects(PanelSeries selector, SeriesKey key) =>
        !selector.UsesUnit ? key.HasTags(selector.Tags)
        : selector.Tags.All(t => t.Value == PanelSeries.UnitPlaceholder ? key.GetTag(t.Key) is not null : key.GetTag(t.Key) == t.Value);

    public bool Feeds(string dashboardId, SeriesKey series) =>
        DashboardsOf(series).Contains(dashboardId, StringComparer.Ordinal);
}
