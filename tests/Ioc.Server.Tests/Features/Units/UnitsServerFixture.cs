using System.Globalization;
using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Units;

/// <summary>
/// One server with a small Hà Tĩnh before and after 2025-07-01, a leaders' dashboard that ranks its communes and
/// follows the drilled unit, a leader and an operator, and records written through the real store: the old
/// communes' first and second quarters of 2025, a new commune's third quarter, and today's figures.
/// </summary>
public sealed class UnitsServerFixture : IAsyncLifetime
{
    public const string Dashboard = "leaders-units";

    public const string UnitsYaml = """
        apiVersion: ioc/v1
        province: HT
        source: "illustrative test data"
        units:
          - code: "42"
            name: Tỉnh Hà Tĩnh
            level: province
            validFrom: 1991-09-01
          - code: "436"
            name: Thành phố Hà Tĩnh
            level: district
            parent: "42"
            validFrom: 1991-09-01
            validTo: 2025-07-01
          - code: "440"
            name: Huyện Can Lộc
            level: district
            parent: "42"
            validFrom: 1991-09-01
            validTo: 2025-07-01
          - code: "HT-O001"
            name: Phường Bắc Hà
            level: commune
            parent: "436"
            validFrom: 1991-09-01
            validTo: 2025-07-01
            successors: ["HT-001"]
          - code: "HT-O002"
            name: Phường Nam Hà
            level: commune
            parent: "436"
            validFrom: 1991-09-01
            validTo: 2025-07-01
            successors: ["HT-001"]
          - code: "HT-O003"
            name: Xã Thạch Trung
            level: commune
            parent: "436"
            validFrom: 1991-09-01
            validTo: 2025-07-01
            successors: [{ code: "HT-001", share: 0.4 }, { code: "HT-002", share: 0.6 }]
          - code: "HT-O004"
            name: Thị trấn Nghèn
            level: commune
            parent: "440"
            validFrom: 1991-09-01
            validTo: 2025-07-01
            successors: ["HT-002"]
          - code: "HT-001"
            name: Phường Thành Sen
            level: commune
            parent: "42"
            validFrom: 2025-07-01
          - code: "HT-002"
            name: Xã Can Lộc
            level: commune
            parent: "42"
            validFrom: 2025-07-01
        """;

    private const string DashboardJson = """
        {
          "apiVersion": "ioc/v1", "id": "leaders-units", "title": "Chỉ tiêu theo địa bàn", "audience": "leaders", "timeWindow": "30d",
          "panels": [
            { "id": "received", "type": "stat", "title": "Hồ sơ tiếp nhận", "width": 4,
              "series": [ { "measurement": "dvc_records", "tags": { "unit": "$unit" }, "field": "received" } ],
              "options": { "unit": "hồ sơ", "labelTag": "unit_name", "staleAfter": "3650d" } },
            { "id": "communes", "type": "ranking", "title": "Tỷ lệ hồ sơ trực tuyến theo xã", "width": 8, "height": 3,
              "options": { "measure": { "numerator": { "measurement": "dvc_records", "field": "online" },
                                        "denominator": { "measurement": "dvc_records", "field": "received" }, "scale": 100 },
                           "unit": "%", "decimals": 1, "target": 80, "staleAfter": "3650d" } }
          ]
        }
        """;

    /// <summary>(unit, name, level, received, online) per quarter.</summary>
    public static readonly (string Unit, string Name, string Level, double Received, double Online)[] FirstQuarter =
    [
        ("HT-O001", "Phường Bắc Hà", "commune", 100, 80),
        ("HT-O002", "Phường Nam Hà", "commune", 50, 10),
        ("HT-O003", "Xã Thạch Trung", "commune", 30, 30),
        ("HT-O004", "Thị trấn Nghèn", "commune", 20, 5),
    ];

    public static readonly (string Unit, string Name, string Level, double Received, double Online)[] SecondQuarter =
    [
        ("HT-O001", "Phường Bắc Hà", "commune", 120, 90),
        ("HT-O002", "Phường Nam Hà", "commune", 60, 30),
        ("HT-O003", "Xã Thạch Trung", "commune", 50, 40),
        ("HT-O004", "Thị trấn Nghèn", "commune", 40, 20),
    ];

    /// <summary>The new commune Can Lộc reports its own third quarter; Thành Sen does not yet.</summary>
    public static readonly (string Unit, string Name, string Level, double Received, double Online)[] ThirdQuarter =
    [
        ("HT-002", "Xã Can Lộc", "commune", 75, 60),
    ];

    /// <summary>Today: the province's own row, and both new communes (Thành Sen well ahead of Can Lộc).</summary>
    public static readonly (string Unit, string Name, string Level, double Received, double Online)[] Today =
    [
        ("42", "Tỉnh Hà Tĩnh", "province", 1000, 850),
        ("HT-001", "Phường Thành Sen", "commune", 400, 380),
        ("HT-002", "Xã Can Lộc", "commune", 200, 90),
    ];

    private string _folder = null!;

    public IocServer Server { get; private set; } = null!;

    public Session Leader { get; private set; } = null!;

    public Session Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("ioc-units-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "units"));
        Directory.CreateDirectory(Path.Combine(_folder, "dashboards"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "units", "ha-tinh.yaml"), UnitsYaml);
        await File.WriteAllTextAsync(Path.Combine(_folder, "dashboards", "leaders-units.json"), DashboardJson);
        Server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:UnitsPath"] = Path.Combine(_folder, "units"),
            ["Ioc:DashboardsPath"] = Path.Combine(_folder, "dashboards"),
            ["Ioc:Province"] = "HT",
        });
        await WriteAsync(FirstQuarter, new DateTimeOffset(2025, 3, 15, 3, 0, 0, TimeSpan.Zero));
        await WriteAsync(SecondQuarter, new DateTimeOffset(2025, 6, 15, 3, 0, 0, TimeSpan.Zero));
        await WriteAsync(ThirdQuarter, new DateTimeOffset(2025, 9, 15, 3, 0, 0, TimeSpan.Zero));
        await WriteAsync(Today, DateTimeOffset.UtcNow.AddMinutes(-1));
        Leader = await SignInAsync("leader");
        Operator = await SignInAsync("operator");
    }

    public async Task DisposeAsync()
    {
        Leader?.Dispose();
        Operator?.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<Session> SignInAsync(string role)
    {
        var password = await Server.Admin.CreateUserAsync($"units-{role}", role, $"{role}-Mật-khẩu-2026");
        return await Session.SignInAsync(Server.BaseUrl, $"units-{role}", password);
    }

    private async Task WriteAsync(IEnumerable<(string Unit, string Name, string Level, double Received, double Online)> rows, DateTimeOffset at)
    {
        var lines = rows.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"dvc_records,level={r.Level},unit={r.Unit},unit_name={r.Name.Replace(" ", "\\ ", StringComparison.Ordinal)} received={r.Received},online={r.Online} {at.ToUnixTimeMilliseconds()}"));
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8);
        var response = await Server.Http.PostAsync("/api/v1/write?precision=ms", content);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
