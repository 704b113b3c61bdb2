using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="IReportStore"/> contract: reports with their content, the same on every node.</summary>
public abstract partial class DefinitionStoreContract
{
    private static StoredReport Report(string id, int day, string kind = "weekly-brief", string? pdfError = null, int pdfBytes = 4) =>
        new(id, kind, "Bản tin tuần — Tỉnh Hà Tĩnh", new DateOnly(2026, 11, day), new DateOnly(2026, 11, day + 6),
            new DateTimeOffset(2026, 11, day + 7, 0, 0, 0, TimeSpan.Zero), "schedule", 7, pdfError is null ? pdfBytes : null, pdfError, null, null);

    [Fact]
    public async Task Reports_ComeBackNewestFirst_WithTheirContent_OnAnotherNode()
    {
        var first = (IReportStore)await InitializedAsync();
        var second = (IReportStore)await InitializedAsync();
        var html = "<p>Hồ sơ trực tuyến 81,17 %</p>"u8.ToArray();

        await first.SaveReportAsync(Report("weekly-brief-2026-W45", 2) with { HtmlBytes = html.Length }, html, [0x25, 0x50, 0x44, 0x46]);
        await first.SaveReportAsync(Report("weekly-brief-2026-W46", 9, pdfError: "chromium not found") with { HtmlBytes = html.Length }, html, null);
        await first.SaveReportAsync(Report("other-2026-11", 1, kind: "monthly") with { HtmlBytes = html.Length }, html, null);

        var listed = await second.ListReportsAsync("weekly-brief", 10);

        Assert.Equal(["weekly-brief-2026-W46", "weekly-brief-2026-W45"], listed.Select(r => r.Id));
        Assert.Equal(Report("weekly-brief-2026-W45", 2) with { HtmlBytes = html.Length }, listed[1]);
        Assert.Equal("chromium not found", listed[0].PdfError);
        Assert.Null(listed[0].PdfBytes);
        Assert.Equal(3, (await second.ListReportsAsync(null, 10)).Count);
        Assert.Equal(html, await second.GetReportContentAsync("weekly-brief-2026-W45", ReportFormat.Html));
        Assert.Equal([0x25, 0x50, 0x44, 0x46], await second.GetReportContentAsync("weekly-brief-2026-W45", ReportFormat.Pdf));
        Assert.Null(await second.GetReportContentAsync("weekly-brief-2026-W46", ReportFormat.Pdf));
        Assert.Null(await second.GetReportContentAsync("nothing", ReportFormat.Html));
        Assert.Null(await second.GetReportAsync("nothing"));
    }

    [Fact]
    public async Task Reports_RecordWhereTheyWereMailed_AndArePrunedToTheNewest()
    {
        var store = (IReportStore)await InitializedAsync();
        for (var day = 1; day <= 15; day += 7)
        {
            await store.SaveReportAsync(Report($"weekly-brief-{day}", day), [1], null);
        }

        await store.SetReportMailAsync("weekly-brief-15", "lanhdao@hatinh.gov.vn, vanphong@hatinh.gov.vn", null);
        await store.SetReportMailAsync("weekly-brief-8", null, "SMTP 554: relay refused");

        Assert.Equal("lanhdao@hatinh.gov.vn, vanphong@hatinh.gov.vn", (await store.GetReportAsync("weekly-brief-15"))!.MailedTo);
        Assert.Equal("SMTP 554: relay refused", (await store.GetReportAsync("weekly-brief-8"))!.MailError);
        Assert.Equal(1, await store.PruneReportsAsync("weekly-brief", 2));
        Assert.Equal(["weekly-brief-15", "weekly-brief-8"], (await store.ListReportsAsync("weekly-brief", 10)).Select(r => r.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveReportAsync(Report("weekly-brief-8", 8), [1], null));
    }
}
