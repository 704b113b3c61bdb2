using System.Text.Json.Nodes;
using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;

namespace Ioc.Core.Tests.Dashboards;

/// <summary>A valid dashboard with one panel of each type, as JSON a test changes before parsing.</summary>
internal static class SampleDashboard
{
    public const string Source = "dashboards/overview.json";

    public static JsonObject Dashboard(string id = "province-overview") => new()
    {
        ["apiVersion"] = "ioc/v1",
        ["id"] = id,
        ["title"] = "Tổng quan tỉnh Hà Tĩnh",
        ["timeWindow"] = "2h",
        ["panels"] = new JsonArray
        {
            new JsonObject
            {
                ["id"] = "records",
                ["type"] = "stat",
                ["title"] = "Hồ sơ tiếp nhận",
                ["series"] = new JsonArray { new JsonObject { ["measurement"] = "dvc_records", ["field"] = "received" } },
                ["options"] = new JsonObject { ["unit"] = "hồ sơ", ["target"] = 1500, ["staleAfter"] = "10m" },
            },
            new JsonObject
            {
                ["id"] = "online-rate",
                ["type"] = "timeseries",
                ["title"] = "Tỷ lệ trực tuyến",
                ["width"] = 6,
                ["height"] = 2,
                ["series"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["measurement"] = "dvc_records",
                        ["tags"] = new JsonObject { ["unit"] = "Phường Hà Huy Tập" },
                        ["field"] = "online_rate",
                        ["label"] = "Hà Huy Tập",
                    },
                },
                ["options"] = new JsonObject { ["aggregation"] = "max", ["maxPoints"] = 120, ["decimals"] = 1 },
            },
            new JsonObject
            {
                ["id"] = "by-unit",
                ["type"] = "bar",
                ["title"] = "Theo đơn vị",
                ["series"] = new JsonArray { new JsonObject { ["measurement"] = "dvc_records", ["field"] = "received" } },
                ["options"] = new JsonObject { ["labelTag"] = "unit_name" },
            },
            new JsonObject
            {
                ["id"] = "load",
                ["type"] = "gauge",
                ["title"] = "Tải hệ thống",
                ["series"] = new JsonArray { new JsonObject { ["measurement"] = "system", ["field"] = "load" } },
                ["options"] = new JsonObject { ["min"] = 0, ["max"] = 100, ["targetDirection"] = "down" },
            },
        },
    };

    public static JsonObject Panel(JsonObject dashboard, int index) => dashboard["panels"]![index]!.AsObject();

    public static DashboardDefinition Parse(JsonNode dashboard) => DashboardLoader.Parse(dashboard.ToJsonString(), Source);

    public static IReadOnlyList<string> Problems(JsonNode dashboard) =>
        Assert.Throws<DefinitionException>(() => Parse(dashboard)).Problems;

    public static string SingleProblem(JsonNode dashboard) => Assert.Single(Problems(dashboard));
}
