using Ioc.Server.Features.Reports;
using Ioc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using UglyToad.PdfPig;

namespace Ioc.Server.Tests.Features.Reports;

/// <summary>The brief's page printed by the real Chromium, and mailed through a real SMTP conversation.</summary>
public sealed class BriefPrintingTests
{
    internal static WeeklyBrief Sample() => new(
        "Bản tin tuần — Chuyển đổi số",
        "Tỉnh Hà Tĩnh",
        new DateOnly(2026, 11, 30),
        new DateOnly(2026, 12, 6),
        new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero),
        "Asia/Ho_Chi_Minh",
        [
            new("ht-05-nq-tu", "Hồ sơ xử lý trực tuyến", 81.17, null, "%", 80, "up", -1.17, 83.4, "met", new DateOnly(2025, 12, 31), -341, "Sở Khoa học và Công nghệ", "Nghị quyết 05-NQ/TU ngày 22/10/2021", [78.2, 79.5, 80.1, 81.17]),
            new("ht-05-nq-tu", "Văn bản điện tử cấp xã", 92.35, null, "%", 95, "up", 2.65, 93.1, "at-risk", new DateOnly(2026, 12, 31), 25, "Văn phòng UBND tỉnh", "Nghị quyết 05-NQ/TU ngày 22/10/2021", [91.0, 91.8, 92.35]),
        ],
        [new("Nghị quyết về chuyển đổi số tỉnh Hà Tĩnh đến năm 2025", "05-NQ/TU, Tỉnh ủy Hà Tĩnh, 22/10/2021", 19, 8, 3, 2, 34, 19, 12, 3)],
        [new("ht-05-nq-tu", "Văn bản điện tử cấp xã", 92.35, null, "%", 95, "up", 2.65, 93.1, "at-risk", new DateOnly(2026, 12, 31), 25, "Văn phòng UBND tỉnh", "Nghị quyết 05-NQ/TU ngày 22/10/2021", [])],
        [new("Tỷ lệ hồ sơ trực tuyến theo xã, phường", "%", 2,
            [new(1, "HT-001", "Phường Thành Sen", 92.4), new(2, "HT-002", "Phường Trần Phú", 90.1)],
            [new(12, "HT-010", "Xã Hương Sơn", 61.8), new(11, "HT-009", "Xã Đức Thọ", 73.9)],
            12)]);

    [Fact]
    public void LastWeek_IsTheWholeWeekBeforeTodayInTheProvince_EvenWhenUtcIsStillOnSunday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

        // Monday 00:30 in Hà Tĩnh is Sunday 17:30 UTC: the week that just ended is reported.
        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6)), WeeklyBriefs.LastWeek(new DateTimeOffset(2026, 12, 6, 17, 30, 0, TimeSpan.Zero), zone));
        // On Sunday the week is not over: the one before it.
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), WeeklyBriefs.LastWeek(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), zone));
        // Across a year's end.
        Assert.Equal((new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)), WeeklyBriefs.LastWeek(new DateTimeOffset(2027, 1, 5, 3, 0, 0, TimeSpan.Zero), zone));
    }

    [Fact]
    public void Page_WritesFiguresTheVietnameseWay_AndEscapesText()
    {
        var brief = Sample() with { Province = "Tỉnh <Hà Tĩnh>" };

        var html = BriefHtml.Render(brief);

        Assert.Contains("81,17 %", html, StringComparison.Ordinal);
        Assert.Contains("≥ 95 %", html, StringComparison.Ordinal);
        Assert.Contains("Tuần 49: 30/11/2026 – 06/12/2026", html, StringComparison.Ordinal);
        Assert.Contains("số liệu lúc 07:00 07/12/2026", html, StringComparison.Ordinal);
        Assert.Contains("Tỉnh &lt;Hà Tĩnh&gt;", html, StringComparison.Ordinal);
        Assert.Contains("19/34", html, StringComparison.Ordinal);
        Assert.Contains("8/19 đạt", html, StringComparison.Ordinal);
        Assert.Contains("còn 25 ngày", html, StringComparison.Ordinal);
        Assert.Contains("đã qua hạn 341 ngày", html, StringComparison.Ordinal); // met: not called overdue
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pdf_PrintedByChromium_HoldsTheFiguresAndNames()
    {
        var printer = new ChromiumPdf(Options.Create(new ReportOptions()), NullLogger<ChromiumPdf>.Instance);

        var (pdf, error) = await printer.PrintAsync(BriefHtml.Render(Sample()), CancellationToken.None);

        Assert.Null(error);
        Assert.NotNull(pdf);
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("81,17", text, StringComparison.Ordinal);
        Assert.Contains("92,35", text, StringComparison.Ordinal);
        Assert.Contains("Thành Sen", text, StringComparison.Ordinal);
        Assert.Contains("Hương Sơn", text, StringComparison.Ordinal);
        Assert.Contains("nguy cơ", text, StringComparison.Ordinal);
        Assert.Contains("05-NQ/TU", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_WithoutChromium_IsMissingWithTheReason()
    {
        var printer = new ChromiumPdf(Options.Create(new ReportOptions { ChromiumPath = "/nonexistent/chromium" }), NullLogger<ChromiumPdf>.Instance);

        var (pdf, error) = await printer.PrintAsync("<p>x</p>", CancellationToken.None);

        Assert.Null(pdf);
        Assert.Contains("/nonexistent/chromium", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_ReachesEveryRecipient_WithThePageAsBody_AndThePdfAttached()
    {
        await using var sink = new SmtpSink();
        var mailer = new ReportMailer(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = MailKit.Security.SecureSocketOptions.None, From = "IOC Hà Tĩnh <ioc@hatinh.gov.vn>" }));
        var html = BriefHtml.Render(Sample());

        await mailer.SendAsync(["lanhdao@hatinh.gov.vn", "vanphong@hatinh.gov.vn"], "Bản tin tuần — tuần 49", html, [0x25, 0x50, 0x44, 0x46, 0x2d], "brief.pdf", CancellationToken.None);

        var received = Assert.Single(await sink.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal(["lanhdao@hatinh.gov.vn", "vanphong@hatinh.gov.vn"], received.To);
        Assert.Equal("ioc@hatinh.gov.vn", received.From);
        using var message = await MimeMessage.LoadAsync(new MemoryStream(received.Data));
        Assert.Equal("Bản tin tuần — tuần 49", message.Subject);
        Assert.Contains("81,17 %", message.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("brief.pdf", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal([0x25, 0x50, 0x44, 0x46, 0x2d], content.ToArray());
    }

    [Fact]
    public async Task Mail_RefusedByTheRelay_Throws_AndNothingIsKeptThere()
    {
        await using var sink = new SmtpSink { RejectWith = "554 5.7.1 relay refused" };
        var mailer = new ReportMailer(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = MailKit.Security.SecureSocketOptions.None }));

        var error = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() =>
            mailer.SendAsync(["lanhdao@hatinh.gov.vn"], "Bản tin", "<p>x</p>", null, "brief.pdf", CancellationToken.None));

        Assert.Contains("relay refused", error.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }
}
