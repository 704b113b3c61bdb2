using System.Text.Json.Nodes;
using Ioc.Core.Dashboards;
using static Ioc.Core.Tests.Dashboards.SampleDashboard;

namespace Ioc.Core.Tests.Dashboards;

// A ranking panel names a measure instead of series, ranks units at a level, and lives on leaders' dashboards.
public class RankingPanelTests
{
    private static JsonObject WithRanking(JsonObject? options = null)
    {
        var dashboard = Dashboard();
        dashboard["audience"] = "leaders";
        dashboard["panels"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "communes",
            ["type"] = "ranking",
            ["title"] = "Tỷ lệ hồ sơ trực tuyến theo xã",
            ["options"] = options ?? new JsonObject
            {
                ["measure"] = new JsonObject
                {
                    ["numerator"] = new JsonObject { ["measurement"] = "dvc_records", ["field"] = "online" },
                    ["denominator"] = new JsonObject { ["measurement"] = "dvc_records", ["field"] = "received" },
                    ["scale"] = 100,
                },
                ["unit"] = "%",
                ["target"] = 80,
            },
        });
        return dashboard;
    }

    private const string Where = $"{Source}: panel 'communes' (panels[4])";

    [Fact]
    public void Parse_AcceptsARankingByARatio_WithoutSeries()
    {
        var panel = Parse(WithRanking()).Panels[4];

        Assert.Equal(PanelTypes.Ranking, panel.Type);
        Assert.Equal("commune", panel.Options.Level);
        Assert.True(panel.Options.Measure!.IsRatio);
        Assert.Empty(panel.Series);
    }

    [Fact]
    public void Parse_RequiresAMeasure()
    {
        Assert.StartsWith($"{Where}: options.measure: required for ranking panels", SingleProblem(WithRanking(new JsonObject())));
    }

    [Fact]
    public void Parse_RefusesARateThatCannotBeAddedUp()
    {
        var options = new JsonObject { ["measure"] = new JsonObject { ["series"] = new JsonObject { ["measurement"] = "dvc_records", ["field"] = "online_rate" }, ["rollUp"] = "none" } };

        Assert.StartsWith($"{Where}: options.measure.rollUp: none cannot rank units", SingleProblem(WithRanking(options)));
    }

    [Fact]
    public void Parse_RefusesAnUnknownLevel()
    {
        var options = new JsonObject { ["measure"] = new JsonObject { ["series"] = new JsonObject { ["measurement"] = "dvc_records", ["field"] = "received" } }, ["level"] = "ward" };

        Assert.Equal($"{Where}: options.level: 'ward' must be province, district or commune", SingleProblem(WithRanking(options)));
    }

    [Fact]
    public void Parse_RefusesARankingOnAWallDashboard()
    {
        var dashboard = WithRanking();
        dashboard["audience"] = "wall";

        Assert.StartsWith($"{Where}: type: ranking panels read the units query", SingleProblem(dashboard));
    }

    [Fact]
    public void UnitPlaceholder_IsReplacedByTheShownUnit()
    {
        var series = new PanelSeries { Measurement = "dvc_records", Tags = new Dictionary<string, string> { ["unit"] = "$unit", ["sector"] = "land" }, Field = "received" };

        Assert.True(series.UsesUnit);
        Assert.Equal("HT-001", series.ToSelector("HT-001").Tags["unit"]);
        Assert.Equal("land", series.ToSelector("HT-001").Tags["sector"]);
    }
}
