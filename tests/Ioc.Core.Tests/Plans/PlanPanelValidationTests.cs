using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;

namespace Ioc.Core.Tests.Plans;

public class PlanPanelValidationTests
{
    private static string Dashboard(string audience, string panel) => $$"""
        { "apiVersion": "ioc/v1", "id": "leaders", "title": "Bảng điều hành lãnh đạo", "audience": "{{audience}}", "panels": [ {{panel}} ] }
        """;

    [Fact]
    public void Parse_AcceptsKpiAndPlanProgressPanels_WithoutSeries_OnALeadersDashboard()
    {
        var d = DashboardLoader.Parse(Dashboard("leaders", """
            { "id": "online", "type": "kpi", "title": "Hồ sơ trực tuyến", "target": "ha-tinh-cds/ho-so-truc-tuyen" },
            { "id": "progress", "type": "plan-progress", "title": "Tiến độ Nghị quyết 05", "plan": "ha-tinh-cds" }
            """), "dashboards/leaders.json");

        Assert.Equal("ha-tinh-cds/ho-so-truc-tuyen", d.Panels[0].Target);
        Assert.Equal("ha-tinh-cds", d.Panels[1].Plan);
    }

    [Theory]
    [InlineData("leaders", """{ "id": "online", "type": "kpi", "title": "Hồ sơ" }""", "panel 'online' (panels[0]): target: required for kpi panels")]
    [InlineData("leaders", """{ "id": "p", "type": "plan-progress", "title": "Tiến độ" }""", "panel 'p' (panels[0]): plan: required for plan-progress panels")]
    [InlineData("wall", """{ "id": "p", "type": "plan-progress", "title": "Tiến độ", "plan": "ha-tinh-cds" }""", "panel 'p' (panels[0]): type: plan-progress panels show plans")]
    [InlineData("leaders", """{ "id": "s", "type": "stat", "title": "Hồ sơ", "target": "a/b", "series": [ { "measurement": "dvc_records", "field": "online_rate" } ] }""", "panel 's' (panels[0]): target: only kpi and plan-progress panels")]
    [InlineData("leaders", """{ "id": "k", "type": "kpi", "title": "Hồ sơ", "target": "a/b", "series": [ { "measurement": "dvc_records", "field": "online_rate" } ] }""", "panel 'k' (panels[0]): series: a kpi panel draws its plan's KPIs")]
    public void Parse_NamesTheProblemOfAPlanPanel(string audience, string panel, string expected)
    {
        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(Dashboard(audience, panel), "dashboards/leaders.json"));

        Assert.Contains(ex.Problems, p => p.StartsWith("dashboards/leaders.json: " + expected, StringComparison.Ordinal));
    }
}
