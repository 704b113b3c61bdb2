namespace Ioc.Core.Configuration;

/// <summary>A report Ioc produced (the leaders' weekly brief): what it covers and what became of it.</summary>
/// <param name="Id">Unique and URL-safe, e.g. <c>weekly-brief-2026-W49-20261207T000000Z</c>.</param>
/// <param name="Kind">Which report, e.g. <c>weekly-brief</c>.</param>
/// <param name="PeriodStart">First day covered, in the province's calendar.</param>
/// <param name="PeriodEnd">Last day covered (inclusive).</param>
/// <param name="CreatedBy">The person who asked for it, or <c>schedule</c>.</param>
/// <param name="PdfError">Why there is no PDF (the HTML is kept either way).</param>
/// <param name="MailedTo">Addresses it was sent to, comma-separated; null when not sent.</param>
/// <param name="MailError">Why sending failed.</param>
public sealed record StoredReport(
    string Id,
    string Kind,
    string Title,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    int HtmlBytes,
    int? PdfBytes,
    string? PdfError,
    string? MailedTo,
    string? MailError);

public enum ReportFormat
{
    Html,
    Pdf,
}

/// <summary>
/// Reports with their content, in the configuration store so every node lists and serves the same ones. Contract:
/// a report is saved whole (metadata, HTML and PDF) or not at all; ids are unique.
/// </summary>
public interface IReportStore
{
    Task SaveReportAsync(StoredReport report, byte[] html, byte[]? pdf, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of sending a saved report by e-mail.</summary>
    Task SetReportMailAsync(string id, string? mailedTo, string? mailError, CancellationToken cancellationToken = default);

    /// <summary>Newest first; <paramref name="kind"/> null for every kind.</summary>
    Task<IReadOnlyList<StoredReport>> ListReportsAsync(string? kind, int limit, CancellationToken cancellationToken = default);

    Task<StoredReport?> GetReportAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The content in that format; null when the report or that format does not exist.</summary>
    Task<byte[]?> GetReportContentAsync(string id, ReportFormat format, CancellationToken cancellationToken = default);

    /// <summary>Keeps the newest <paramref name="keep"/> reports of a kind; returns how many were removed.</summary>
    Task<int> PruneReportsAsync(string kind, int keep, CancellationToken cancellationToken = default);
}
