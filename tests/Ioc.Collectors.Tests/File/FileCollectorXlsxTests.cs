using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.File;

public sealed class FileCollectorXlsxTests : IDisposable
{
    private const string CommuneSpec = """
        pattern: "*.XLSX"
        sheet: báo cáo
        decimal: ","
        measurement: dvc_commune
        tags: { Huyện: district, Xã: commune }
        fields: { Hồ sơ tiếp nhận: records_received, Tỷ lệ hồ sơ trực tuyến (%): online_rate }
        """;

    private static readonly XlsxPackage.Sheet Guide = new("Hướng dẫn", [["Nhập số liệu vào sheet Báo cáo"]]);

    private readonly Inbox _inbox = new();

    public void Dispose() => _inbox.Dispose();

    // A district's name merged over its communes, as provincial templates lay it out; figures typed as numbers and as text.
    private static XlsxPackage.Sheet Report(object rateOfVuongLoc) => new(
        "Báo cáo",
        [
            ["BÁO CÁO TỶ LỆ HỒ SƠ TRỰC TUYẾN CẤP XÃ"],
            ["Tháng 10 năm 2024"],
            [],
            ["Huyện", "Xã", "Hồ sơ tiếp nhận", "Tỷ lệ hồ sơ\ntrực tuyến (%)"],
            ["Huyện Can Lộc", "Xã Thiên Lộc", 212, 81.17],
            [null, "Xã Vượng Lộc", 158, rateOfVuongLoc],
            [null, "Thị trấn Nghèn", 301, 75.4],
            ["Huyện Lộc Hà", "Xã Thạch Kim", 97, 66],
        ],
        ["A5:A7"]);

    private static MetricPoint Commune(string district, string commune, double received, double rate) =>
        new("dvc_commune", [new("district", district), new("commune", commune)], [new("records_received", received), new("online_rate", rate)], UnixTime.ToNanoseconds(Inbox.Slot));

    [Fact]
    public async Task Collect_AppliesAMergedDistrictCell_ToEveryCommuneItSpans()
    {
        _inbox.WriteXlsx("xa-thang-10.xlsx", Guide, Report("92,5"));
        var collector = _inbox.Collector(CommuneSpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Equal(
            new[]
            {
                Commune("Huyện Can Lộc", "Xã Thiên Lộc", 212, 81.17),
                Commune("Huyện Can Lộc", "Xã Vượng Lộc", 158, 92.5),
                Commune("Huyện Can Lộc", "Thị trấn Nghèn", 301, 75.4),
                Commune("Huyện Lộc Hà", "Xã Thạch Kim", 97, 66),
            }.Select(p => p.ToString()),
            batch.Points.Select(p => p.ToString()));
        Assert.Equal(["xa-thang-10.xlsx"], _inbox.Files("done"));
    }

    [Fact]
    public async Task Collect_ReadsTheSheetGivenByPosition_AtTheGivenHeaderRow()
    {
        _inbox.WriteXlsx("xa-thang-10.xlsx", Guide, Report(88));
        var collector = _inbox.Collector(CommuneSpec.Replace("sheet: báo cáo", "sheet: 2\nheaderRow: 4", StringComparison.Ordinal));

        var points = await collector.CollectAsync(Inbox.Context, CancellationToken.None);

        Assert.Equal(4, points.Count);
        Assert.Equal(Commune("Huyện Can Lộc", "Xã Vượng Lộc", 158, 88).ToString(), points[1].ToString());
    }

    [Fact]
    public async Task Collect_MovesABrokenWorkbookToFailed_NamingSheetRowAndColumn()
    {
        _inbox.WriteXlsx("xa-thang-10.xlsx", Guide, Report("9x,5"));
        var collector = _inbox.Collector(CommuneSpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Empty(batch.Points);
        Assert.Equal(["xa-thang-10.xlsx", "xa-thang-10.xlsx.reason.txt"], _inbox.Files("failed"));
        Assert.Equal(
            "xa-thang-10.xlsx: sheet 'Báo cáo', row 6, column D ('Tỷ lệ hồ sơ trực tuyến (%)'): '9x,5' is not a number (decimal separator ',')\n",
            _inbox.Read("failed/xa-thang-10.xlsx.reason.txt"));
        Assert.False(System.IO.File.Exists(Path.Combine(_inbox.Path, ".imported")));
    }

    [Fact]
    public async Task Collect_NamesTheSheetsThereAre_WhenTheConfiguredOneIsMissing()
    {
        _inbox.WriteXlsx("xa-thang-10.xlsx", Guide);
        var collector = _inbox.Collector(CommuneSpec);

        await (await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None)).AcknowledgeAsync(CancellationToken.None);

        Assert.Equal(
            "xa-thang-10.xlsx: no sheet 'báo cáo' in the workbook (sheets: 'Hướng dẫn')\n",
            _inbox.Read("failed/xa-thang-10.xlsx.reason.txt"));
    }

    [Fact]
    public async Task Collect_RefusesAFileThatIsNoWorkbook()
    {
        _inbox.WriteText("doi-ten.xlsx", "Huyện;Xã\n");
        var collector = _inbox.Collector(CommuneSpec);

        await (await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None)).AcknowledgeAsync(CancellationToken.None);

        Assert.StartsWith("doi-ten.xlsx: not a readable XLSX workbook: ", _inbox.Read("failed/doi-ten.xlsx.reason.txt"), StringComparison.Ordinal);
        Assert.Equal(["doi-ten.xlsx", "doi-ten.xlsx.reason.txt"], _inbox.Files("failed"));
    }

    [Fact]
    public async Task Collect_TakesEachFilesFormatFromItsExtension_AndKeepsNamesUniqueInDone()
    {
        _inbox.WriteXlsx("thang-10.xlsx", Guide, Report(88));
        _inbox.WriteText("thang-10.csv", "Huyện;Xã;Hồ sơ tiếp nhận;Tỷ lệ hồ sơ trực tuyến (%)\nHuyện Vũ Quang;Xã Hương Minh;41;55,5\n");
        Directory.CreateDirectory(Path.Combine(_inbox.Path, "done"));
        System.IO.File.WriteAllText(Path.Combine(_inbox.Path, "done", "thang-10.csv"), "imported last month");
        var collector = _inbox.Collector(CommuneSpec.Replace("pattern: \"*.XLSX\"", "pattern: thang-10.*", StringComparison.Ordinal));

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Equal(5, batch.Points.Count);
        Assert.Equal(Commune("Huyện Vũ Quang", "Xã Hương Minh", 41, 55.5).ToString(), batch.Points[0].ToString());
        Assert.Equal(["thang-10 (2).csv", "thang-10.csv", "thang-10.xlsx"], _inbox.Files("done"));
    }
}
