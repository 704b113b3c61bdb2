using System.Text.Json.Nodes;
using Ioc.Core.Dashboards;
using static Ioc.Core.Tests.Dashboards.SampleDashboard;

namespace Ioc.Core.Tests.Dashboards;

// The rules a parsed dashboard must obey; every problem names file, panel and field.
public class DashboardValidationTests
{
    [Theory]
    [InlineData("pie")]
    [InlineData("Stat")]
    [InlineData("")]
    public void Parse_RefusesUnknownPanelType_NamingFilePanelAndField(string type)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0)["type"] = type;

        Assert.Equal(
            $"{Source}: panel 'records' (panels[0]): type: '{type}' is not a panel type (known: {string.Join(", ", PanelTypes.All)})",
            SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RefusesAnUnknownTimeZone_NamingFileAndField()
    {
        var dashboard = Dashboard();
        dashboard["timeZone"] = "Asia/Hanoi-City";

        Assert.Equal($"{Source}: timeZone: 'Asia/Hanoi-City' is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_DefaultsTheTimeZone_ToVietnam()
    {
        Assert.Equal("Asia/Ho_Chi_Minh", Parse(Dashboard()).TimeZone);
    }

    [Fact]
    public void Parse_RequiresSeries_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0).Remove("series");

        Assert.Equal($"{Source}: panel 'records' (panels[0]): series: at least one series is required", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RequiresFieldOfEverySeries_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["series"]![0]!.AsObject().Remove("field");

        Assert.Equal($"{Source}: panel 'online-rate' (panels[1]): series[0].field: required", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RequiresMeasurementOfEverySeries_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["series"]!.AsArray().Add(new JsonObject { ["measurement"] = " ", ["field"] = "x" });

        Assert.Equal($"{Source}: panel 'online-rate' (panels[1]): series[1].measurement: required", SingleProblem(dashboard));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(13)]
    public void Parse_RefusesWidthOutsideTheColumns_NamingFilePanelAndField(int width)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["width"] = width;

        Assert.Equal($"{Source}: panel 'online-rate' (panels[1]): width: {width} must be between 1 and the dashboard's 12 columns", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_AcceptsWidth_UpToTheDashboardsColumns()
    {
        var dashboard = Dashboard();
        dashboard["columns"] = 24;
        Panel(dashboard, 1)["width"] = 24;

        Assert.Equal(24, Parse(dashboard).Panels[1].Width);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(49)]
    public void Parse_RefusesColumnsOutOfRange(int columns)
    {
        var dashboard = Dashboard();
        dashboard["columns"] = columns;

        Assert.Contains(Problems(dashboard), p => p == $"{Source}: columns: {columns} must be between 1 and 48");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void Parse_RefusesHeightOutOfRange(int height)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0)["height"] = height;

        Assert.Equal($"{Source}: panel 'records' (panels[0]): height: {height} must be between 1 and 12", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RequiresLabelTag_ForBarPanels()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 2).Remove("options");

        Assert.Equal(
            $"{Source}: panel 'by-unit' (panels[2]): options.labelTag: required for bar panels (the tag that names each bar, e.g. unit_name)",
            SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RequiresMax_ForGauges()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 3)["options"]!.AsObject().Remove("max");

        Assert.Equal($"{Source}: panel 'load' (panels[3]): options.max: required for gauges and must be above options.min", SingleProblem(dashboard));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(150)]
    public void Parse_RequiresGaugeMaxAboveMin(int min)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 3)["options"]!["min"] = min;

        Assert.StartsWith($"{Source}: panel 'load' (panels[3]): options.max: ", SingleProblem(dashboard), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesDuplicatePanelIds_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 2)["id"] = "records";

        Assert.Equal($"{Source}: panel 'records' (panels[2]): id: appears twice in this dashboard", SingleProblem(dashboard));
    }

    [Theory]
    [InlineData("Records")]
    [InlineData("")]
    [InlineData("hồ-sơ")]
    public void Parse_RefusesBadPanelId(string id)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0)["id"] = id;

        Assert.Equal($"{Source}: panel '{id}' (panels[0]): id: must be lower-case letters, digits and '-', starting with a letter", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RefusesAggregation_OnStatPanels()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0)["options"]!["aggregation"] = "sum";

        Assert.StartsWith($"{Source}: panel 'records' (panels[0]): options.aggregation: ", SingleProblem(dashboard), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staleAfter", "soon", "options.staleAfter: 'soon'")]
    [InlineData("staleAfter", "0s", "options.staleAfter: '0s'")]
    [InlineData("timeWindow", "-1h", "options.timeWindow: '-1h'")]
    [InlineData("targetDirection", "sideways", "options.targetDirection: 'sideways'")]
    public void Parse_RefusesBadTextOptions_NamingFilePanelAndField(string option, string value, string expected)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["options"]![option] = value;

        Assert.StartsWith($"{Source}: panel 'online-rate' (panels[1]): {expected}", SingleProblem(dashboard), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxPoints", 1)]
    [InlineData("maxPoints", 2001)]
    [InlineData("decimals", -1)]
    [InlineData("decimals", 7)]
    public void Parse_RefusesNumericOptionsOutOfRange_NamingFilePanelAndField(string option, int value)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["options"]![option] = value;

        Assert.StartsWith($"{Source}: panel 'online-rate' (panels[1]): options.{option}: {value} ", SingleProblem(dashboard), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ioc/v2")]
    [InlineData(null)]
    public void Parse_RefusesUnsupportedApiVersion(string? apiVersion)
    {
        var dashboard = Dashboard();
        dashboard["apiVersion"] = apiVersion;

        Assert.Equal($"{Source}: apiVersion: '{apiVersion}' is not supported (expected 'ioc/v1')", SingleProblem(dashboard));
    }

    [Theory]
    [InlineData("Overview")]
    [InlineData("")]
    [InlineData("tổng-quan")]
    public void Parse_RefusesBadDashboardId(string id)
    {
        Assert.StartsWith($"{Source}: id: '{id}' must be", SingleProblem(Dashboard(id)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RequiresTitleAndPanels()
    {
        var dashboard = Dashboard();
        dashboard.Remove("title");
        dashboard["panels"] = new JsonArray();

        Assert.Equal([$"{Source}: title: required", $"{Source}: panels: at least one panel is required"], Problems(dashboard));
    }

    [Fact]
    public void Parse_RefusesATimeWindowThatIsNotADuration()
    {
        var dashboard = Dashboard();
        dashboard["timeWindow"] = "two hours";

        Assert.Equal($"{Source}: timeWindow: 'two hours' must be a duration such as 30m, 2h or 7d", SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_ReportsEveryProblem_EachNamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 0)["type"] = "pie";
        Panel(dashboard, 0)["width"] = 0;
        Panel(dashboard, 2).Remove("options");
        Panel(dashboard, 3)["options"]!.AsObject().Remove("max");

        var problems = Problems(dashboard);

        Assert.Equal(4, problems.Count);
        Assert.StartsWith($"{Source}: panel 'records' (panels[0]): type:", problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"{Source}: panel 'records' (panels[0]): width:", problems[1], StringComparison.Ordinal);
        Assert.StartsWith($"{Source}: panel 'by-unit' (panels[2]): options.labelTag:", problems[2], StringComparison.Ordinal);
        Assert.StartsWith($"{Source}: panel 'load' (panels[3]): options.max:", problems[3], StringComparison.Ordinal);
    }
}
