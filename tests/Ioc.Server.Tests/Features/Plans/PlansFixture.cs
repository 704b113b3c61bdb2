using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Plans;

/// <summary>
/// One server with a test plan of its own (targets on measurements no other test writes) and half a year of daily
/// history written through the real metric store: the province's records online at 85 %, commune HT-001's at 40 %,
/// a falling e-document rate, a flat payment share past its deadline, and one yearly rank.
/// </summary>
public sealed class PlansFixture : IAsyncLifetime
{
    public const string PlanId = "kiem-thu";
    public static readonly DateOnly LastDay = new(2025, 6, 30);

    private readonly string _plans = Directory.CreateTempSubdirectory("ioc-plans-").FullName;
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-plans-dash-").FullName;

    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_plans, "kiem-thu.yaml"), $$"""
            apiVersion: ioc/v1
            id: {{PlanId}}
            title: Kế hoạch kiểm thử chuyển đổi số
            province: HT
            legalBasis: { number: 05-NQ/TU, date: 2021-10-22, issuer: Tỉnh ủy Hà Tĩnh, title: Nghị quyết về chuyển đổi số }
            groups:
              - { id: chinh-quyen-so, title: Chính quyền số }
            targets:
              - id: ho-so-truc-tuyen
                title: Hồ sơ trực tuyến
                group: chinh-quyen-so
                kpi:
                  numerator: { measurement: plantest_records, tags: { level: province }, field: online }
                  denominator: { measurement: plantest_records, tags: { level: province }, field: total }
                  scale: 100
                unit: "%"
                baseline: { value: 45, date: 2021-12-31 }
                target: { value: 80, direction: up }
                deadline: 2025-12-31
                owner: Văn phòng UBND tỉnh
              - id: ty-le-gop
                title: Tỷ lệ gộp của hai đơn vị
                kpi:
                  numerator: { measurement: plantest_split, field: online }
                  denominator: { measurement: plantest_split, field: total }
                  scale: 100
                unit: "%"
                target: { value: 80, direction: up }
                deadline: 2025-12-31
                owner: Văn phòng UBND tỉnh
              - id: van-ban-cap-xa
                title: Văn bản điện tử cấp xã
                kpi: { series: { measurement: plantest_edoc, tags: { level: commune }, field: rate }, rollUp: none }
                unit: "%"
                target: { value: 95, direction: up }
                deadline: 2025-12-31
                owner: Sở Thông tin và Truyền thông
              - id: thanh-toan
                title: Thủ tục thanh toán trực tuyến
                kpi: { series: { measurement: plantest_payments, field: share }, rollUp: none }
                unit: "%"
                target: { value: 90, direction: up }
                deadline: 2025-05-31
                owner: Văn phòng UBND tỉnh
              - id: chua-thu-thap
                title: Kinh tế số trong GRDP
                kpi: { series: { measurement: plantest_missing, field: share }, rollUp: none }
                unit: "%"
                target: { value: 20, direction: up }
                deadline: 2025-12-31
                owner: Sở Kế hoạch và Đầu tư
              - id: dti-hang
                title: Xếp hạng DTI
                kpi: { series: { measurement: plantest_dti, field: rank }, rollUp: none }
                unit: hạng
                target: { value: 20, direction: down }
                deadline: 2030-12-31
                owner: Sở Thông tin và Truyền thông
                freshness: 900d
                legalBasis: { number: 922/QĐ-BTTTT, date: 2022-05-20, issuer: Bộ Thông tin và Truyền thông, title: Đề án chỉ số đánh giá chuyển đổi số }
              - id: truc-tiep
                title: Số liệu trực tiếp
                kpi: { series: { measurement: plantest_live, tags: { level: province }, field: value }, rollUp: none }
                target: { value: 50, direction: up }
                deadline: 2030-12-31
                owner: Văn phòng UBND tỉnh
              - id: khong-nguon
                title: Số liệu không có nguồn
                kpi: { series: { measurement: plantest_sourceless, field: value }, rollUp: none }
                target: { value: 50, direction: up }
                deadline: 2030-12-31
                owner: Văn phòng UBND tỉnh
            tasks:
              - { id: nv01, group: chinh-quyen-so, title: Kiến trúc chính quyền điện tử, owner: Sở Thông tin và Truyền thông, deadline: 2022-06-30, state: done, doneOn: 2022-05-16 }
              - { id: nv02, title: Kho dữ liệu dùng chung, owner: Sở Thông tin và Truyền thông, deadline: 2024-06-30, state: in-progress }
              - { id: nv03, title: Thư viện số, owner: Sở Văn hóa và Thể thao, deadline: 2027-06-30, state: not-started }
              - { id: nv04, title: Cơ sở dữ liệu đất đai, owner: Sở Nông nghiệp và Môi trường, deadline: 2026-06-30, state: in-progress }
            """);
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "leaders.json"), $$"""
            {
              "apiVersion": "ioc/v1", "id": "leaders", "title": "Bảng điều hành lãnh đạo — kiểm thử", "audience": "leaders",
              "panels": [
                { "id": "tien-do", "type": "plan-progress", "title": "Tiến độ kế hoạch", "width": 4, "height": 2, "plan": "{{PlanId}}" },
                { "id": "ho-so", "type": "kpi", "title": "Hồ sơ trực tuyến", "width": 4, "target": "{{PlanId}}/ho-so-truc-tuyen" },
                { "id": "truc-tiep", "type": "kpi", "title": "Số liệu trực tiếp", "width": 4, "target": "{{PlanId}}/truc-tiep" }
              ]
            }
            """);
        Server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:PlansPath"] = _plans,
            ["Ioc:DashboardsPath"] = _dashboards,
        });

        var points = new List<MetricPoint>();
        var first = LastDay.AddDays(-180);
        for (var day = first; day <= LastDay; day = day.AddDays(1))
        {
            var i = day.DayNumber - first.DayNumber;
            var at = UnixTime.ToNanoseconds(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
            points.Add(Point("plantest_records", at, ("online", 850 + i), ("total", 1000 + (i * 100 / 85.0)), ("level", "province"), ("unit", "42")));
            points.Add(Point("plantest_records", at, ("online", 400), ("total", 1000), ("level", "commune"), ("unit", "HT-001")));
            points.Add(Point("plantest_edoc", at, ("rate", 94 - (0.01 * i)), ("level", "commune")));
            points.Add(Point("plantest_payments", at, ("share", 70)));
            points.Add(Point("plantest_split", at, ("online", 90), ("total", 100), ("unit", "HT-A")));
            points.Add(Point("plantest_split", at, ("online", 10), ("total", 900), ("unit", "HT-B")));
        }

        points.Add(Point("plantest_dti", UnixTime.ToNanoseconds(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), ("rank", 18)));
        await Server.Get<IMetricStore>().WriteAsync(points);
    }

    /// <summary>Fields are the (name, double) pairs, tags the (name, string) ones.</summary>
    private static MetricPoint Point(string measurement, long at, params (string Name, object Value)[] parts) => new(
        measurement,
        parts.Where(p => p.Value is string).Select(p => new Tag(p.Name, (string)p.Value)),
        parts.Where(p => p.Value is not string).Select(p => new Field(p.Name, Convert.ToDouble(p.Value, System.Globalization.CultureInfo.InvariantCulture))),
        at);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_plans, recursive: true);
        Directory.Delete(_dashboards, recursive: true);
    }
}
