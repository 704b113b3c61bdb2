using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Kpis;

namespace Ioc.Core.Tests.Dashboards;

// Comparison and breakdown panels: a measure or one series, their periods or their tag, each problem named.
public class MeasurePanelValidationTests
{
    private const string Source = "dashboards/leaders-trends.json";

    private static string Dashboard(string panel) => $$"""
        { "apiVersion": "ioc/v1", "id": "leaders-trends", "title": "Xu hướng", "audience": "leaders", "panels": [ {{panel}} ] }
        """;

    private const string Ratio = """
        { "numerator": { "measurement": "dvc_records_sector", "tags": { "level": "province" }, "field": "received_online_ytd" },
          "denominator": { "measurement": "dvc_records_sector", "tags": { "level": "province" }, "field": "received_ytd" }, "scale": 100 }
        """;

    [Fact]
    public void Comparison_WithARatioMeasure_Loads_AndReadsIt()
    {
        var dashboard = DashboardLoader.Parse(Dashboard($$"""
            { "id": "rate-quarter", "type": "comparison", "title": "Tỷ lệ trực tuyến", "options": { "periods": "quarter", "measure": {{Ratio}} } }
            """), Source);

        var panel = dashboard.Panels.Single();
        var measure = PanelMeasures.Of(panel)!;
        Assert.True(measure.IsRatio);
        Assert.Equal(100, measure.Scale);
        Assert.Equal(["received_online_ytd", "received_ytd"], PanelMeasures.Selectors(panel).Select(s => s.Field));
    }

    [Fact]
    public void Breakdown_OfOneSeries_ReadsThatSeriesAsItsMeasure()
    {
        var dashboard = DashboardLoader.Parse(Dashboard("""
            { "id": "by-sector", "type": "breakdown", "title": "Theo lĩnh vực", "series": [ { "measurement": "dvc_records_sector", "field": "received_ytd" } ], "options": { "by": "sector" } }
            """), Source);

        var measure = PanelMeasures.Of(dashboard.Panels.Single())!;
        Assert.False(measure.IsRatio);
        Assert.Equal("dvc_records_sector", measure.Series!.Measurement);
        Assert.Equal(MeasureRollUp.Sum, measure.RollUp);
    }

    [Theory]
    [InlineData("""{ "id": "c", "type": "comparison", "title": "So sánh", "options": { "periods": "month", "measure": RATIO } }""", "panel 'c' (panels[0]): options.periods: 'month' must be 'quarter'")]
    [InlineData("""{ "id": "c", "type": "comparison", "title": "So sánh", "options": { "measure": RATIO } }""", "options.periods: '' must be")]
    [InlineData("""{ "id": "b", "type": "breakdown", "title": "Theo lĩnh vực", "options": { "measure": RATIO } }""", "panel 'b' (panels[0]): options.by: required for breakdown panels")]
    [InlineData("""{ "id": "b", "type": "breakdown", "title": "Theo lĩnh vực", "options": { "by": "sector" } }""", "panel 'b' (panels[0]): series: at least one series is required")]
    [InlineData("""{ "id": "b", "type": "breakdown", "title": "Theo lĩnh vực", "series": [ { "measurement": "a", "field": "x" }, { "measurement": "b", "field": "y" } ], "options": { "by": "sector" } }""", "series: a breakdown panel reads one series (or options.measure), not 2")]
    [InlineData("""{ "id": "b", "type": "breakdown", "title": "Theo lĩnh vực", "series": [ { "measurement": "a", "field": "x" } ], "options": { "by": "sector", "measure": RATIO } }""", "series: give options.measure or one series, not both")]
    [InlineData("""{ "id": "b", "type": "breakdown", "title": "Theo lĩnh vực", "options": { "by": "sector", "measure": { "numerator": { "measurement": "a", "field": "x" } } } }""", "options.measure.denominator: a ratio needs a denominator")]
    [InlineData("""{ "id": "s", "type": "stat", "title": "Hồ sơ", "series": [ { "measurement": "a", "field": "x" } ], "options": { "periods": "quarter" } }""", "panel 's' (panels[0]): options: periods and by belong to comparison and breakdown panels")]
    public void MeasurePanels_AreRefused_NamingPanelAndField(string panel, string expected)
    {
        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(Dashboard(panel.Replace("RATIO", Ratio, StringComparison.Ordinal)), Source));

        Assert.Contains(ex.Problems, p => p.StartsWith(Source, StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void LeadersTrendsDashboard_InTheRepository_Loads()
    {
        var folder = Path.Combine(RepoRoot(), "dashboards");

        var trends = DashboardLoader.LoadDirectory(folder).Single(d => d.Id == "leaders-trends");

        Assert.Equal(DashboardDefinition.LeadersAudience, trends.Audience);
        Assert.Contains(trends.Panels, p => p.Type == PanelTypes.Comparison);
        Assert.Contains(trends.Panels, p => p.Type == PanelTypes.Breakdown);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ioc.sln not found above the test binaries");
    }
}
