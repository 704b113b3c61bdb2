using System.Globalization;
using Ioc.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>Reports with their content (<see cref="IReportStore"/>).</summary>
internal sealed partial class SqliteDefinitionStore : IReportStore
{
    private const string ReportColumns = "id, kind, title, period_start, period_end, created_at, created_by, length(html), length(pdf), pdf_error, mailed_to, mail_error";

    public async Task SaveReportAsync(StoredReport report, byte[] html, byte[]? pdf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(html);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, """
            INSERT INTO ioc_reports (id, kind, title, period_start, period_end, created_at, created_by, html, pdf, pdf_error, mailed_to, mail_error)
            VALUES ($id, $kind, $title, $from, $to, $at, $by, $html, $pdf, $pdfError, $mailedTo, $mailError)
            """);
        command.Parameters.AddWithValue("$id", report.Id);
        command.Parameters.AddWithValue("$kind", report.Kind);
        command.Parameters.AddWithValue("$title", report.Title);
        command.Parameters.AddWithValue("$from", Day(report.PeriodStart));
        command.Parameters.AddWithValue("$to", Day(report.PeriodEnd));
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(report.CreatedAt));
        command.Parameters.AddWithValue("$by", report.CreatedBy);
        command.Parameters.AddWithValue("$html", html);
        command.Parameters.AddWithValue("$pdf", (object?)pdf ?? DBNull.Value);
        command.Parameters.AddWithValue("$pdfError", (object?)report.PdfError ?? DBNull.Value);
        command.Parameters.AddWithValue("$mailedTo", (object?)report.MailedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$mailError", (object?)report.MailError ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetReportMailAsync(string id, string? mailedTo, string? mailError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "UPDATE ioc_reports SET mailed_to = $to, mail_error = $error WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$to", (object?)mailedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)mailError ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredReport>> ListReportsAsync(string? kind, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"""
            SELECT {ReportColumns} FROM ioc_reports WHERE ($kind IS NULL OR kind = $kind) ORDER BY created_at DESC, id DESC LIMIT $limit
            """);
        command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadReportsAsync(command, cancellationToken);
    }

    public async Task<StoredReport?> GetReportAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ReportColumns} FROM ioc_reports WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return (await ReadReportsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<byte[]?> GetReportContentAsync(string id, ReportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"SELECT {(format == ReportFormat.Pdf ? "pdf" : "html")} FROM ioc_reports WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<int> PruneReportsAsync(string kind, int keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, """
            DELETE FROM ioc_reports WHERE kind = $kind AND id NOT IN
                (SELECT id FROM ioc_reports WHERE kind = $kind ORDER BY created_at DESC, id DESC LIMIT $keep)
            """);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$keep", keep);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<StoredReport>> ReadReportsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reports = new List<StoredReport>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reports.Add(new StoredReport(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(reader.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                SqliteTimeColumn.Read(reader.GetString(5)),
                reader.GetString(6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return reports;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
