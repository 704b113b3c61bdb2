using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.File;

public sealed class FileCollectorCsvTests : IDisposable
{
    // The definition's headers are typed differently from the file's: case, spaces and (below) Unicode form.
    private const string MonthlySpec = """
        pattern: "*.csv"
        decimal: ","
        dateFormat: MM/yyyy
        measurement: dvc_monthly
        time: kỳ báo cáo
        skipRows: [tổng cộng]
        tags: { "  đơn vị ": district }
        fields:
          Tổng số hồ sơ tiếp nhận: records_received
          Hồ sơ trực tuyến: records_online
          TỶ LỆ HỒ SƠ TRỰC TUYẾN (%): online_rate
        """;

    private static readonly string OnlineRateHeader = "Tỷ lệ hồ sơ trực tuyến (%)".Normalize(NormalizationForm.FormD);

    private static readonly string MonthlyCsv = $"""
        UBND TỈNH HÀ TĨNH;;;;;
        BÁO CÁO KẾT QUẢ TIẾP NHẬN HỒ SƠ THÁNG 10/2024;;;;;

        STT;Đơn vị;Kỳ báo cáo;Tổng số hồ sơ tiếp nhận;Hồ sơ trực tuyến;{OnlineRateHeader}
        1;Thành phố Hà Tĩnh;10/2024;4.512;3.662;81,17
        2;"Huyện Can Lộc ";10/2024;2.130;1.412;66,29
        ;;;;;
        3;Huyện Lộc Hà;10/2024;987;654;"66,26"
        ;TỔNG CỘNG;10/2024;7.629;5.728;75,08

        """;

    private readonly Inbox _inbox = new();

    public void Dispose() => _inbox.Dispose();

    private static readonly long October2024 = UnixTime.ToNanoseconds(new DateTimeOffset(2024, 10, 1, 0, 0, 0, TimeSpan.Zero));

    private static MetricPoint Monthly(string district, double received, double online, double rate) =>
        new("dvc_monthly", [new("district", district)], [new("records_received", received), new("records_online", online), new("online_rate", rate)], October2024);

    private static void AssertPoints(IEnumerable<MetricPoint> expected, IEnumerable<MetricPoint> actual) =>
        Assert.Equal(expected.Select(p => p.ToString()), actual.Select(p => p.ToString()));

    [Fact]
    public async Task Collect_ReadsSemicolonCsv_WithCommaDecimals_BomTitleRowsAndVietnameseHeaders_SkippingTheTotal()
    {
        _inbox.WriteText("bao-cao-thang-10.csv", MonthlyCsv);
        var collector = _inbox.Collector(MonthlySpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);

        AssertPoints(
            [Monthly("Thành phố Hà Tĩnh", 4512, 3662, 81.17), Monthly("Huyện Can Lộc", 2130, 1412, 66.29), Monthly("Huyện Lộc Hà", 987, 654, 66.26)],
            batch.Points);
    }

    [Fact]
    public async Task Collect_ReadsCommaCsv_WithDotDecimals_AtTheGivenHeaderRow_StampedWithTheSlot()
    {
        _inbox.WriteText("quy-3.csv", """
            Báo cáo quý III/2024,,
            Đơn vị,Tỷ lệ hồ sơ trực tuyến (%),Hồ sơ trực tuyến
            Huyện Đức Thọ,"1,081.5",12.25
            Thị xã Hồng Lĩnh,70,8
            """, bom: false);
        var collector = _inbox.Collector("""
            headerRow: 2
            measurement: dvc_quarterly
            tags: { Đơn vị: district }
            fields: { Tỷ lệ hồ sơ trực tuyến (%): online_rate, Hồ sơ trực tuyến: records_online }
            """);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);

        var slot = UnixTime.ToNanoseconds(Inbox.Slot);
        AssertPoints(
            [
                new("dvc_quarterly", [new("district", "Huyện Đức Thọ")], [new("online_rate", 1081.5), new("records_online", 12.25)], slot),
                new("dvc_quarterly", [new("district", "Thị xã Hồng Lĩnh")], [new("online_rate", 70), new("records_online", 8)], slot),
            ],
            batch.Points);
    }

    [Fact]
    public async Task Acknowledge_MovesTheFileToDone_AndRecordsItsHash_OnlyThen()
    {
        _inbox.WriteText("bao-cao-thang-10.csv", MonthlyCsv);
        var collector = _inbox.Collector(MonthlySpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        var again = await collector.CollectAsync(Inbox.Context, CancellationToken.None);
        Assert.Equal(["bao-cao-thang-10.csv"], _inbox.Files());
        Assert.Equal(3, again.Count);

        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Equal([".imported"], _inbox.Files());
        Assert.Equal(["bao-cao-thang-10.csv"], _inbox.Files("done"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(Path.Combine(_inbox.Path, "done", "bao-cao-thang-10.csv"))));
        var record = _inbox.Read(".imported").TrimEnd('\n').Split('\t');
        Assert.Equal(hash, record[0]);
        Assert.True(DateTimeOffset.TryParse(record[1], CultureInfo.InvariantCulture, out _));
        Assert.Equal("bao-cao-thang-10.csv", record[2]);
        Assert.Empty(await collector.CollectAsync(Inbox.Context, CancellationToken.None));
    }

    [Fact]
    public async Task Collect_ImportsTheSameContentOnce_EvenUnderANewName()
    {
        _inbox.WriteText("bao-cao-thang-10.csv", MonthlyCsv);
        var collector = _inbox.Collector(MonthlySpec);
        await (await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None)).AcknowledgeAsync(CancellationToken.None);
        _inbox.WriteText("bao-cao-thang-10 (gui lai).csv", MonthlyCsv);
        _inbox.WriteText("ban-sao.csv", MonthlyCsv);

        var resent = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await resent.AcknowledgeAsync(CancellationToken.None);

        Assert.Empty(resent.Points);
        Assert.Equal([".imported"], _inbox.Files());
        Assert.Equal(["ban-sao.csv", "bao-cao-thang-10 (gui lai).csv", "bao-cao-thang-10.csv"], _inbox.Files("done"));
        Assert.Single(_inbox.Read(".imported").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Collect_MovesABrokenFileToFailed_WithTheFirstProblemsRowAndColumn_AndStoresNothingOfIt()
    {
        _inbox.WriteText("bao-cao-thang-10.csv", MonthlyCsv);
        _inbox.WriteText("bao-cao-loi.csv", MonthlyCsv.Replace("66,29", "66.2x", StringComparison.Ordinal).Replace("987", "", StringComparison.Ordinal));
        var collector = _inbox.Collector(MonthlySpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Equal(3, batch.Points.Count);
        Assert.All(batch.Points, p => Assert.Contains(p.Tags[0].Value, new[] { "Thành phố Hà Tĩnh", "Huyện Can Lộc", "Huyện Lộc Hà" }));
        Assert.Equal(["bao-cao-loi.csv", "bao-cao-loi.csv.reason.txt"], _inbox.Files("failed"));
        Assert.Equal(["bao-cao-thang-10.csv"], _inbox.Files("done"));
        Assert.Equal(
            "bao-cao-loi.csv: row 6, column 6 ('TỶ LỆ HỒ SƠ TRỰC TUYẾN (%)'): '66.2x' is not a number (decimal separator ',')\n",
            _inbox.Read("failed/bao-cao-loi.csv.reason.txt"));
        Assert.Single(_inbox.Read(".imported").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Collect_MovesEveryCopyOfABrokenFileToFailed_NotToDone()
    {
        var broken = MonthlyCsv.Replace("81,17", "", StringComparison.Ordinal);
        _inbox.WriteText("a.csv", broken);
        _inbox.WriteText("b.csv", broken);
        var collector = _inbox.Collector(MonthlySpec);

        await (await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None)).AcknowledgeAsync(CancellationToken.None);

        Assert.Empty(_inbox.Files("done"));
        Assert.Equal(["a.csv", "a.csv.reason.txt", "b.csv", "b.csv.reason.txt"], _inbox.Files("failed"));
        Assert.Equal(
            "b.csv: row 5, column 6 ('TỶ LỆ HỒ SƠ TRỰC TUYẾN (%)'): empty, but the row has other figures\n",
            _inbox.Read("failed/b.csv.reason.txt"));
    }

    [Fact]
    public async Task Collect_NamesTheMissingColumns_WhenNoRowHoldsTheHeader()
    {
        _inbox.WriteText("sai-mau.csv", "Đơn vị;Kỳ báo cáo;Tổng số hồ sơ tiếp nhận;Hồ sơ trực tuyến\nHuyện Vũ Quang;10/2024;310;201\n");
        var collector = _inbox.Collector(MonthlySpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Empty(batch.Points);
        Assert.Equal(
            "sai-mau.csv: no row among the first 50 holds every configured column; row 1 comes closest, without 'TỶ LỆ HỒ SƠ TRỰC TUYẾN (%)' (separators tried: ; , tab |)\n",
            _inbox.Read("failed/sai-mau.csv.reason.txt"));
    }

    [Fact]
    public async Task Collect_RefusesTextThatIsNotUtf8()
    {
        _inbox.Write("windows-1258.csv", [.. Encoding.ASCII.GetBytes("Huy"), 0xEA, 0xD2, .. Encoding.ASCII.GetBytes("n\n")]);
        var collector = _inbox.Collector(MonthlySpec);

        await (await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None)).AcknowledgeAsync(CancellationToken.None);

        Assert.Equal("windows-1258.csv: not UTF-8 text (byte 3); save the CSV as 'CSV UTF-8'\n", _inbox.Read("failed/windows-1258.csv.reason.txt"));
    }

    [Fact]
    public async Task Collect_LeavesAFileThatIsStillBeingWritten_ForALaterRun()
    {
        var file = _inbox.WriteText("dang-chep.csv", MonthlyCsv);
        System.IO.File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        var collector = _inbox.Collector(MonthlySpec);

        var batch = await collector.CollectPendingAsync(Inbox.Context, CancellationToken.None);
        await batch.AcknowledgeAsync(CancellationToken.None);

        Assert.Empty(batch.Points);
        Assert.Equal(["dang-chep.csv"], _inbox.Files());
    }

    [Fact]
    public async Task Collect_Fails_WhenTheWatchedFolderIsGone()
    {
        var collector = _inbox.Collector(MonthlySpec);
        Directory.Delete(_inbox.Path);

        var ex = await Assert.ThrowsAsync<Ioc.Core.Collecting.CollectorException>(() => collector.CollectPendingAsync(Inbox.Context, CancellationToken.None));

        Assert.Equal($"{_inbox.Path}: the watched folder does not exist", ex.Message);
    }
}
