using System.Text.Json.Serialization;
using Ioc.Core.Kpis;
using Ioc.Core.Storage;

namespace Ioc.Core.Dashboards;

/// <summary>A dashboard as written in <c>dashboards/*.json</c>; <see cref="DashboardLoader"/> validates it.</summary>
public sealed record DashboardDefinition
{
    public const string WallAudience = "wall";
    public const string LeadersAudience = "leaders";

    public const string CurrentApiVersion = "ioc/v1";

    public string? ApiVersion { get; init; }

    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>How much history time-series panels show, e.g. <c>2h</c>.</summary>
    public string TimeWindow { get; init; } = "1h";

    /// <summary>BCP 47 locale for numbers and dates on the page; Vietnamese by default.</summary>
    public string Locale { get; init; } = "vi-VN";

    /// <summary>
    /// Who may open it besides admins and leaders: <c>wall</c> dashboards are for the operations centre's
    /// operators too; <c>leaders</c> (the default) only for admins and leaders.
    /// </summary>
    public string Audience { get; init; } = LeadersAudience;

    /// <summary>IANA time zone of the clocks and axes, so a kiosk whose own clock is set to UTC still shows province time.</summary>
    public string TimeZone { get; init; } = "Asia/Ho_Chi_Minh";

    /// <summary>Grid columns of the page; panels span some of them.</summary>
    public int Columns { get; init; } = 12;

    public IReadOnlyList<PanelDefinition> Panels { get; init; } = [];

    [JsonIgnore]
    public string Source { get; init; } = "";
}

public static class PanelTypes
{
    public const string Stat = "stat";
    public const string TimeSeries = "timeseries";
    public const string Bar = "bar";
    public const string Gauge = "gauge";

    /// <summary>Units at a level ranked by a measure (<see cref="PanelOptions.Measure"/>); a bar drills down into its unit.</summary>
    public const string Ranking = "ranking";

    /// <summary>A measure this period to date against the same span of the period before.</summary>
    public const string Comparison = "comparison";

    /// <summary>A measure broken down by a tag (a sector, an agency), against its overall value.</summary>
    public const string Breakdown = "breakdown";

    /// <summary>A plan target's card: value, target, gap, status, trend and deadline; names <see cref="PanelDefinition.Target"/>.</summary>
    public const string Kpi = "kpi";

    /// <summary>A plan's targets and tasks counted per status; names <see cref="PanelDefinition.Plan"/>.</summary>
    public const string PlanProgress = "plan-progress";

    /// <summary>The national service index (Decision 766/QĐ-TTg) from <c>/api/v1/service-index</c>; its series only judge freshness.</summary>
    public const string ServiceIndex = "service-index";

    public static readonly IReadOnlyList<string> All = [Stat, TimeSeries, Bar, Gauge, Ranking, Kpi, PlanProgress, Comparison, Breakdown, ServiceIndex];

    /// <summary>Types that draw plans (<c>/api/v1/targets</c>, <c>/api/v1/plans</c>) rather than series.</summary>
    public static bool DrawsPlans(string type) => type is Kpi or PlanProgress;
}

public sealed record PanelDefinition
{
    public string Id { get; init; } = "";

    public string Type { get; init; } = "";

    public string Title { get; init; } = "";

    /// <summary>Grid columns this panel spans.</summary>
    public int Width { get; init; } = 3;

    /// <summary>Grid rows this panel spans.</summary>
    public int Height { get; init; } = 1;

    public IReadOnlyList<PanelSeries> Series { get; init; } = [];

    public PanelOptions Options { get; init; } = new();

    /// <summary><c>kpi</c> panels: the target shown, as <c>plan-id/target-id</c>.</summary>
    public string? Target { get; init; }

    /// <summary><c>plan-progress</c> panels: the plan's id.</summary>
    public string? Plan { get; init; }

    /// <summary>The measurements the panel reads: its series', and its measure's for a ranking.</summary>
    public IEnumerable<string> Measurements() =>
        Series.Select(s => s.Measurement).Concat(Options.Measure?.Parts().Select(p => p.Measurement) ?? []).Distinct(StringComparer.Ordinal);
}

/// <summary>Which series a panel draws: a measurement, tags that must match (a subset), and a field.</summary>
public sealed record PanelSeries
{
    public string Measurement { get; init; } = "";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string Field { get; init; } = "";

    /// <summary>Legend text; for many matching series, the tag named by <see cref="PanelOptions.LabelTag"/> labels each.</summary>
    public string? Label { get; init; }

    /// <summary>A tag value replaced by the unit the page shows (<c>?unit=</c>, else the province): <c>"unit": "$unit"</c>.</summary>
    public const string UnitPlaceholder = "$unit";

    public SeriesSelector ToSelector() => new(Measurement, Tags, Field);

    /// <summary>The selector with <see cref="UnitPlaceholder"/> values replaced by <paramref name="unit"/>.</summary>
    public SeriesSelector ToSelector(string unit) =>
        new(Measurement, Tags.ToDictionary(t => t.Key, t => t.Value == UnitPlaceholder ? unit : t.Value, StringComparer.Ordinal), Field);

    public bool UsesUnit => Tags.Values.Contains(UnitPlaceholder, StringComparer.Ordinal);
}

public sealed record PanelOptions
{
    public string? Unit { get; init; }

    public int? Decimals { get; init; }

    /// <summary>Plan target the value is judged against.</summary>
    public double? Target { get; init; }

    /// <summary><c>up</c> when higher is better (the default), <c>down</c> when lower is.</summary>
    public string TargetDirection { get; init; } = "up";

    /// <summary>Data older than this is shown as stale, never as current.</summary>
    public string StaleAfter { get; init; } = "5m";

    /// <summary>Time-series panels: history shown; defaults to the dashboard's window.</summary>
    public string? TimeWindow { get; init; }

    public Aggregation Aggregation { get; init; } = Aggregation.Mean;

    /// <summary>Time-series panels: most points per series drawn (and fetched).</summary>
    public int MaxPoints { get; init; } = 240;

    /// <summary>
    /// Most series one panel draws; beyond it the panel keeps those with the highest latest values and says how
    /// many more there are, so a measurement with thousands of series cannot flood a wall or its first paint.
    /// </summary>
    public int MaxSeries { get; init; } = 50;

    /// <summary>Bar panels: the tag whose value labels each bar (e.g. <c>unit_name</c>).</summary>
    public string? LabelTag { get; init; }

    /// <summary>
    /// Ranking panels: what each unit is ranked by; comparison and breakdown panels: what they measure when it is not
    /// the panel's one series. Counts add up, ratios are ratios of sums.
    /// </summary>
    public KpiMeasure? Measure { get; init; }

    /// <summary>
    /// Ranking panels: the level of the units ranked under the page's unit. Service-index panels: <c>province</c> (total,
    /// groups, rank, trend), or <c>agency</c> / <c>commune</c> (a ranking).
    /// </summary>
    public string Level { get; init; } = "commune";

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Comparison panels: <c>quarter</c> or <c>year-over-year</c> (<see cref="ComparisonPeriods"/>).</summary>
    public string? Periods { get; init; }

    /// <summary>Breakdown panels: the tag whose values split the measure (e.g. <c>sector</c>); bars are named by <see cref="LabelTag"/>, else <c>&lt;by&gt;_name</c>.</summary>
    public string? By { get; init; }
}
