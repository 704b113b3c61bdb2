using Ioc.Core.Units;

namespace Ioc.Core.Tests.Units;

/// <summary>
/// A small Hà Tĩnh before and after 2025-07-01 (two districts, four old communes, one of them split, two new
/// communes) and Vĩnh Phúc merged into Phú Thọ. Codes are illustrative, except the provinces'.
/// </summary>
internal static class UnitFixture
{
    public const string HaTinh = """
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

    public const string VinhPhuc = """
        apiVersion: ioc/v1
        province: VP
        units:
          - code: "26"
            name: Tỉnh Vĩnh Phúc
            level: province
            validFrom: 1997-01-01
            validTo: 2025-07-01
            successors: ["25"]
          - code: "25"
            name: Tỉnh Phú Thọ
            level: province
            validFrom: 1997-01-01
          - code: "243"
            name: Thành phố Vĩnh Yên
            level: district
            parent: "26"
            validFrom: 1997-01-01
            validTo: 2025-07-01
          - code: "VP-O001"
            name: Phường Liên Bảo
            level: commune
            parent: "243"
            validFrom: 1997-01-01
            validTo: 2025-07-01
            successors: ["VP-001"]
          - code: "VP-001"
            name: Phường Vĩnh Phúc
            level: commune
            parent: "25"
            validFrom: 2025-07-01
        """;

    public static readonly DateOnly Before = new(2025, 3, 31);
    public static readonly DateOnly After = new(2025, 9, 30);

    public static UnitRegistry Registry() => UnitsLoader.Load([("units/ha-tinh.yaml", HaTinh), ("units/vinh-phuc.yaml", VinhPhuc)]);

    /// <summary>The problems of loading Hà Tĩnh's file with <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public static IReadOnlyList<string> Problems(string from, string to, string? other = null)
    {
        var yaml = HaTinh.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(HaTinh, yaml);
        var files = new List<(string, string)> { ("units/ha-tinh.yaml", yaml) };
        if (other is not null)
        {
            files.Add(("units/other.yaml", other));
        }

        var ex = Assert.Throws<Ioc.Core.Collecting.DefinitionException>(() => UnitsLoader.Load(files));
        return ex.Problems;
    }
}
