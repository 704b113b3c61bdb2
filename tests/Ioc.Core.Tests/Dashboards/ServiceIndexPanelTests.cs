using System.Text.Json.Nodes;
using Ioc.Core.Dashboards;
using static Ioc.Core.Tests.Dashboards.SampleDashboard;

namespace Ioc.Core.Tests.Dashboards;

public sealed class ServiceIndexPanelTests
{
    [Theory]
    [InlineData("province")]
    [InlineData("agency")]
    [InlineData("commune")]
    public void Parse_AcceptsAServiceIndexPanel_AtEachLevel(string level)
    {
        var dashboard = Dashboard();
        ((JsonArray)dashboard["panels"]!).Add(IndexPanel(level));

        var panel = Parse(dashboard).Panels.Single(p => p.Type == PanelTypes.ServiceIndex);

        Assert.Equal(level, panel.Options.Level);
    }

    [Fact]
    public void Parse_RefusesAnUnknownLevel_NamingFilePanelAndField()
    {
        var dashboard = Dashboard();
        ((JsonArray)dashboard["panels"]!).Add(IndexPanel("district"));

        Assert.Equal(
            $"{Source}: panel 'index' (panels[{((JsonArray)dashboard["panels"]!).Count - 1}]): options.level: 'district' must be province, agency or commune for service-index panels",
            SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_DefaultsAServiceIndexPanelToTheCommuneRanking_AsEveryPanelsLevel()
    {
        var dashboard = Dashboard();
        ((JsonArray)dashboard["panels"]!).Add(IndexPanel(null));

        Assert.Equal("commune", Parse(dashboard).Panels.Single(p => p.Type == PanelTypes.ServiceIndex).Options.Level);
    }

    private static JsonObject IndexPanel(string? level) => new()
    {
        ["id"] = "index",
        ["type"] = "service-index",
        ["title"] = "Chỉ số phục vụ người dân, doanh nghiệp",
        ["series"] = new JsonArray { new JsonObject { ["measurement"] = "service_index_inputs", ["tags"] = new JsonObject { ["level"] = "province" }, ["field"] = "records_received" } },
        ["options"] = level is null ? new JsonObject() : new JsonObject { ["level"] = level },
    };
}
