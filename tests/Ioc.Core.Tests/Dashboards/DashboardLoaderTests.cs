using System.Text.Json.Nodes;
using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Storage;
using Ioc.Core.Tests.Fakes;
using static Ioc.Core.Tests.Dashboards.SampleDashboard;

namespace Ioc.Core.Tests.Dashboards;

// Reading files: JSON shape, unknown fields, nulls, folders. The rules of a dashboard are in DashboardValidationTests.
public class DashboardLoaderTests
{
    [Fact]
    public void Parse_LoadsAValidDashboard()
    {
        var dashboard = Parse(Dashboard());

        Assert.Equal("province-overview", dashboard.Id);
        Assert.Equal("Tổng quan tỉnh Hà Tĩnh", dashboard.Title);
        Assert.Equal("2h", dashboard.TimeWindow);
        Assert.Equal(Source, dashboard.Source);
        Assert.Equal(["records", "online-rate", "by-unit", "load"], dashboard.Panels.Select(p => p.Id));
        var trend = dashboard.Panels[1];
        Assert.Equal(PanelTypes.TimeSeries, trend.Type);
        Assert.Equal(6, trend.Width);
        Assert.Equal(Aggregation.Max, trend.Options.Aggregation);
        Assert.Equal("Phường Hà Huy Tập", trend.Series[0].Tags["unit"]);
        Assert.Equal(new SeriesSelector("dvc_records", new Dictionary<string, string> { ["unit"] = "Phường Hà Huy Tập" }, "online_rate").ToString(), trend.Series[0].ToSelector().ToString());
        Assert.Equal(100, dashboard.Panels[3].Options.Max);
    }

    [Fact]
    public void Parse_AppliesDefaults()
    {
        var dashboard = Parse(Dashboard());

        Assert.Equal("vi-VN", dashboard.Locale);
        Assert.Equal(12, dashboard.Columns);
        var stat = dashboard.Panels[0];
        Assert.Equal(3, stat.Width);
        Assert.Equal(1, stat.Height);
        Assert.Equal("up", stat.Options.TargetDirection);
        Assert.Equal(240, stat.Options.MaxPoints);
        Assert.Equal(Aggregation.Mean, stat.Options.Aggregation);
        Assert.Empty(stat.Series[0].Tags);
    }

    [Fact]
    public void Parse_AcceptsCommentsAndTrailingCommas()
    {
        var json = Dashboard().ToJsonString().Replace("{\"apiVersion\"", "// the province's wall\n{\"apiVersion\"", StringComparison.Ordinal)
            .Replace("\"timeWindow\":\"2h\",", "\"timeWindow\":\"2h\", /* two hours */", StringComparison.Ordinal)
            .Replace("]}", "],}", StringComparison.Ordinal);

        Assert.Equal("province-overview", DashboardLoader.Parse(json, Source).Id);
    }

    [Fact]
    public void Parse_RefusesUnknownTopLevelField_NamingFileAndField()
    {
        var dashboard = Dashboard();
        dashboard["titel"] = "typo";

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("titel", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesUnknownPanelField_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["colour"] = "red";

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("online-rate", problem, StringComparison.Ordinal);
        Assert.Contains("colour", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesUnknownPanelField_InADocumentWithRepeatedKeys()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["colour"] = "red";
        var json = dashboard.ToJsonString().Replace("{\"apiVersion\"", "{\"title\":\"first\",\"apiVersion\"", StringComparison.Ordinal);

        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(json, Source));

        var problem = Assert.Single(ex.Problems);
        Assert.Contains("online-rate", problem, StringComparison.Ordinal);
        Assert.Contains("colour", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesUnknownOptionField_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 3)["options"]!["maximum"] = 10;

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("load", problem, StringComparison.Ordinal);
        Assert.Contains("maximum", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesUnknownAggregation_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["options"]!["aggregation"] = "median";

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("online-rate", problem, StringComparison.Ordinal);
        Assert.Contains("aggregation", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsMalformedJson_WithFileAndLine()
    {
        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse("{\n  \"id\": \"x\",\n  oops\n}", Source));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("(line 3)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAnEmptyDocument()
    {
        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse("null", Source));

        Assert.Equal($"{Source}: empty dashboard", Assert.Single(ex.Problems));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("title")]
    [InlineData("panels")]
    [InlineData("timeWindow")]
    public void Parse_RefusesNullForARequiredField_NamingFileAndField(string field)
    {
        var dashboard = Dashboard();
        dashboard[field] = null;

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains(field, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("series")]
    [InlineData("options")]
    public void Parse_RefusesNullForARequiredPanelField_NamingFilePanelAndField(string field)
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)[field] = null;

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("panels[1]", problem, StringComparison.Ordinal);
        Assert.Contains(field, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesANullPanel_NamingFileAndPanel()
    {
        var dashboard = Dashboard();
        dashboard["panels"]!.AsArray().Insert(1, null);

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("panels[1]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAPanelThatIsNotAnObject_NamingFileAndPanel()
    {
        var dashboard = Dashboard();
        dashboard["panels"]!.AsArray().Insert(0, 42);

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: panels[0]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesANullSeries_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        Panel(dashboard, 1)["series"]!.AsArray().Add(null);

        var problem = SingleProblem(dashboard);

        Assert.StartsWith($"{Source}: ", problem, StringComparison.Ordinal);
        Assert.Contains("online-rate", problem, StringComparison.Ordinal);
        Assert.Contains("series[1]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsMalformedJsonInsideAPanel_WithItsPath()
    {
        var json = Dashboard().ToJsonString().Replace("\"width\":6", "\"width\":6 oops", StringComparison.Ordinal);

        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(json, Source));

        Assert.StartsWith($"{Source}: panels[1]", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_LoadsEveryJsonFile_InNameOrder()
    {
        using var folder = new TempFolder("dashboards");
        folder.Write("b.json", Dashboard("bravo").ToJsonString());
        folder.Write("a.json", Dashboard("alpha").ToJsonString());
        folder.Write("readme.md", "not a dashboard");

        var dashboards = DashboardLoader.LoadDirectory(folder.Path);

        Assert.Equal(["alpha", "bravo"], dashboards.Select(d => d.Id));
        Assert.Equal(Path.Combine("dashboards", "a.json"), dashboards[0].Source);
    }

    [Fact]
    public void LoadDirectory_NamesFolderAndFile_WhenThePathEndsWithASeparator()
    {
        using var folder = new TempFolder("dashboards");
        folder.Write("a.json", Dashboard("alpha").ToJsonString());

        var dashboards = DashboardLoader.LoadDirectory(folder.Path + Path.DirectorySeparatorChar);

        Assert.Equal(Path.Combine("dashboards", "a.json"), Assert.Single(dashboards).Source);
    }

    [Fact]
    public void LoadDirectory_Throws_WhenTheFolderDoesNotExist()
    {
        using var folder = new TempFolder("dashboards");
        var missing = Path.Combine(folder.Path, "missing");

        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(missing));

        Assert.Equal($"{missing}: dashboard folder does not exist", Assert.Single(ex.Problems));
    }

    [Fact]
    public void LoadDirectory_ReportsDuplicateDashboardIdsAcrossFiles()
    {
        using var folder = new TempFolder("dashboards");
        folder.Write("a.json", Dashboard("overview").ToJsonString());
        folder.Write("b.json", Dashboard("overview").ToJsonString());

        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(folder.Path));

        Assert.Equal(
            $"{Path.Combine("dashboards", "b.json")}: id: 'overview' is already used by {Path.Combine("dashboards", "a.json")}",
            Assert.Single(ex.Problems));
    }

    [Fact]
    public void LoadDirectory_ReportsProblemsOfSeveralFilesAtOnce()
    {
        using var folder = new TempFolder("dashboards");
        var bad = Dashboard("bad-type");
        Panel(bad, 0)["type"] = "pie";
        folder.Write("a.json", bad.ToJsonString());
        folder.Write("b.json", Dashboard("fine").ToJsonString());
        folder.Write("c.json", "{ not json");

        var ex = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(folder.Path));

        Assert.Equal(2, ex.Problems.Count);
        Assert.StartsWith($"{Path.Combine("dashboards", "a.json")}: panel 'records' (panels[0]): type:", ex.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"{Path.Combine("dashboards", "c.json")}: ", ex.Problems[1], StringComparison.Ordinal);
    }
}
