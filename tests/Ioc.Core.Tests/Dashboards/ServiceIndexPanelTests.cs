using System.Text.Json.Nodes;
using Ioc.Core.Dashboards;
using static Ioc.Core.Tests.Dashboards.SampleDashboard;

namespace Ioc.Core.Tests.Dashboards;

public sealed class ServiceIndexPanelTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("province")]
    [InlineData("agency")]
    [InlineData("commune")]
    public void Parse_AcceptsAServiceIndexPanel_AtEachLevel(string? level)
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
            $"{Source}: panel 'index' (panels[4]): options.level: 'district' is for service-index panels, and is province, agency or commune",
            SingleProblem(dashboard));
    }

    [Fact]
    public void Parse_RefusesALevelOnAnotherPanelType()
    {
        var dashboard = Dashboard();
        ((JsonObject)Panel(dashboard, 0)["options"]!)["level"] = "commune";

        Assert.Contains("options.level: 'commune' is for service-index panels", SingleProblem(dashboard), StringComparison.Ordinal);
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
