using System.Globalization;
using System.Text;
using Ioc.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Reports;

/// <summary>Reads the figures the brief reports: plan targets, plan progress and commune rankings.</summary>
internal interface IWeeklyBriefSource
{
    Task<WeeklyBrief> ReadAsync(DateOnly weekStart, DateOnly weekEnd, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>
/// Makes the leaders' weekly brief: reads the figures once, renders the page, prints it to PDF, keeps both in the
/// configuration store (listed at <c>/reports</c>) and mails them to <see cref="ReportOptions.Recipients"/>. A missing
/// PDF or a refused e-mail is recorded with the report, never loses it.
/// </summary>
internal sealed partial class WeeklyBriefs(
    IWeeklyBriefSource source,
    ChromiumPdf printer,
    IReportStore store,
    ReportMailer mailer,
    IOptions<ReportOptions> options,
    TimeProvider clock,
    ILogger<WeeklyBriefs> logger)
{
    public const string Kind = "weekly-brief";
    public const string JobId = "reports:weekly-brief";
    public const string ScheduleActor = "schedule";

    /// <summary>The last whole week (Monday to Sunday) before <paramref name="now"/>, in the province's calendar.</summary>
    public static (DateOnly Start, DateOnly End) LastWeek(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var sinceMonday = ((int)today.DayOfWeek + 6) % 7;
        var end = today.AddDays(-sinceMonday - 1);
        return (end.AddDays(-6), end);
    }

    /// <summary>Makes, keeps and (when <paramref name="mail"/> and recipients are set) sends one brief.</summary>
    public async Task<StoredReport> CreateAsync(string createdBy, bool mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var now = clock.GetUtcNow();
        var (start, end) = LastWeek(now, zone);
        var brief = await source.ReadAsync(start, end, now, cancellationToken);
        var html = BriefHtml.Render(brief);
        var (pdf, pdfError) = await printer.PrintAsync(html, cancellationToken);
        var week = ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue));
        var id = string.Create(CultureInfo.InvariantCulture, $"{Kind}-{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{week:00}-{now.UtcDateTime:yyyyMMdd'T'HHmmss}");
        var bytes = Encoding.UTF8.GetBytes(html);
        var report = new StoredReport(id, Kind, string.Create(CultureInfo.InvariantCulture, $"{brief.Title} — tuần {week}"), start, end, now, createdBy, bytes.Length, pdf?.Length, pdfError, null, null);
        await store.SaveReportAsync(report, bytes, pdf, cancellationToken);
        LogCreated(id, bytes.Length, pdf?.Length ?? 0, pdfError ?? "");
        if (mail && settings.RecipientList.Count > 0)
        {
            report = await MailAsync(report, html, pdf, cancellationToken);
        }

        var pruned = await store.PruneReportsAsync(Kind, settings.Keep, cancellationToken);
        if (pruned > 0)
        {
            LogPruned(pruned);
        }

        return report;
    }

    /// <summary>The recurring job: one brief a week, mailed.</summary>
    public Task RunScheduledAsync(CancellationToken cancellationToken) => CreateAsync(ScheduleActor, mail: true, cancellationToken);

    private async Task<StoredReport> MailAsync(StoredReport report, string html, byte[]? pdf, CancellationToken cancellationToken)
    {
        var recipients = options.Value.RecipientList;
        try
        {
            await mailer.SendAsync(recipients, report.Title, html, pdf, report.Id + ".pdf", cancellationToken);
            var to = string.Join(", ", recipients);
            await store.SetReportMailAsync(report.Id, to, null, cancellationToken);
            LogMailed(report.Id, recipients.Count);
            return report with { MailedTo = to };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ex is InvalidOperationException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            await store.SetReportMailAsync(report.Id, null, error, cancellationToken);
            LogMailFailed(ex, report.Id);
            return report with { MailError = error };
        }
    }

    [LoggerMessage(LogLevel.Information, "Made report {Id}: {HtmlBytes} bytes of HTML, {PdfBytes} of PDF {PdfError}")]
    private partial void LogCreated(string id, int htmlBytes, int pdfBytes, string pdfError);

    [LoggerMessage(LogLevel.Information, "Sent report {Id} to {Count} recipients")]
    private partial void LogMailed(string id, int count);

    [LoggerMessage(LogLevel.Warning, "Could not send report {Id} by e-mail; it is kept and listed")]
    private partial void LogMailFailed(Exception exception, string id);

    [LoggerMessage(LogLevel.Debug, "Removed {Count} old weekly briefs")]
    private partial void LogPruned(int count);
}
