using System.Diagnostics;
using System.Globalization;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Metrics;
using Ioc.Server.Access;

namespace Ioc.Server.Features.Collectors;

/// <summary>A figure entered for one period of a manual collector, as typed (numbers as text, <c>0.5934</c> or <c>0,5934</c>).</summary>
internal sealed record ManualEntrySubmission(
    string? Period,
    IReadOnlyDictionary<string, string?>? Values,
    string? DocumentNumber,
    string? DocumentDate,
    string? Issuer,
    string? Title,
    string? Url);

/// <summary>How a request about a collector's entries went: <c>Ok</c> when found (and, for an entry, saved).</summary>
internal enum ManualEntryStatus
{
    Ok,
    NotFound,
    NotManual,
    Invalid,
}

internal sealed record ManualEntryResult(ManualEntryStatus Status, IReadOnlyList<ManualEntry> Entries, IReadOnlyList<ManualEntryProblem> Problems, string? Kind = null);

/// <summary>
/// Figures of <c>manual</c> collectors: each entry is stored with its document, its period's point is written through
/// the pipeline at the period's start, a run is recorded so the source's history shows it, and the change is audited.
/// </summary>
internal sealed partial class ManualEntries(
    CollectorCatalog catalog,
    IManualEntryStore store,
    MetricPipeline pipeline,
    CollectorStatusBoard status,
    AuditLog audit,
    TimeProvider clock,
    ILogger<ManualEntries> logger)
{
    private const int MaxNumber = 100;
    private const int MaxIssuer = 200;
    private const int MaxTitle = 500;
    private const int MaxUrl = 2000;

    /// <summary>The collector's definition and what it accepts, or the reason there is none.</summary>
    public (ManualEntryStatus Status, CollectorDefinition? Definition, ManualSeries? Series) Find(string collectorId)
    {
        if (!catalog.TryGet(collectorId, out var definition, out var collector))
        {
            return (ManualEntryStatus.NotFound, null, null);
        }

        return collector is IManualCollector manual ? (ManualEntryStatus.Ok, definition, manual.Series) : (ManualEntryStatus.NotManual, definition, null);
    }

    public async Task<ManualEntryResult> ListAsync(string collectorId, CancellationToken cancellationToken)
    {
        var (found, definition, _) = Find(collectorId);
        return found == ManualEntryStatus.Ok
            ? new ManualEntryResult(ManualEntryStatus.Ok, await store.ListEntriesAsync(collectorId, cancellationToken), [])
            : new ManualEntryResult(found, [], [], definition?.Kind);
    }

    public async Task<ManualEntryResult> EnterAsync(string collectorId, ManualEntrySubmission submission, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var (found, definition, series) = Find(collectorId);
        if (found != ManualEntryStatus.Ok)
        {
            return new ManualEntryResult(found, [], [], definition?.Kind);
        }

        var now = clock.GetUtcNow();
        var problems = new List<ManualEntryProblem>();
        var period = CheckPeriod(submission.Period, series!.Granularity, now, problems);
        var values = CheckValues(submission.Values, series, problems);
        var document = CheckDocument(submission, now, problems);
        if (problems.Count > 0)
        {
            return new ManualEntryResult(ManualEntryStatus.Invalid, [], problems);
        }

        var watch = Stopwatch.StartNew();
        var entries = values.Select(v => new ManualEntry(collectorId, period!.Label, period.Start, v.Key, v.Value, document!, actor, now)).ToList();
        await store.SaveEntriesAsync(entries, cancellationToken);

        // The point carries every figure entered so far for the period, so a figure entered alone keeps the others.
        var stored = await store.ListEntriesAsync(collectorId, cancellationToken);
        var fields = stored.Where(e => e.Period == period!.Label).Select(e => new Field(e.Field, e.Value));
        var point = new MetricPoint(series.Measurement, series.Tags, fields, UnixTime.ToNanoseconds(period!.Start));

        // Only the newest period is pushed to live screens: a corrected past year is history, not the current figure.
        var newest = stored.Max(e => e.PeriodStart) <= period.Start;
        try
        {
            await pipeline.WriteAsync([point], publish: newest, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            status.Record(new CollectorRunResult(collectorId, period.Start, CollectorRunOutcome.Failed, 0, watch.Elapsed, ex.Message));
            throw;
        }

        // Naming the measurement lets the source board (and provenance) tell who wrote it.
        status.Record(new CollectorRunResult(collectorId, period.Start, CollectorRunOutcome.Succeeded, 1, watch.Elapsed, null, [series.Measurement]));
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"{period.Label}: {string.Join(", ", entries.Select(e => $"{e.Field}={e.Value}"))}; {Describe(document!)}");
        await audit.RecordAsync(actor, "collector.entry", CollectorAdministration.AuditTarget + collectorId, detail, cancellationToken);
        LogEntered(collectorId, period.Label, entries.Count, actor);
        return new ManualEntryResult(ManualEntryStatus.Ok, entries, []);
    }

    private static string Describe(ManualEntryDocument document) => string.Create(
        CultureInfo.InvariantCulture,
        $"document {document.Number} of {document.Date:yyyy-MM-dd}{(document.Issuer is null ? "" : $" by {document.Issuer}")}{(document.Title is null ? "" : $" \"{document.Title}\"")}{(document.Url is null ? "" : $" {document.Url}")}");

    private static ReportingPeriod? CheckPeriod(string? text, PeriodGranularity granularity, DateTimeOffset now, List<ManualEntryProblem> problems)
    {
        var example = ReportingPeriod.Example(granularity);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new("period", ManualEntryProblemCode.PeriodRequired, example));
            return null;
        }

        if (!ReportingPeriod.TryParse(text, granularity, out var period, out _))
        {
            problems.Add(new("period", ManualEntryProblemCode.PeriodFormat, text.Trim(), example));
            return null;
        }

        if (period.Start > now)
        {
            problems.Add(new("period", ManualEntryProblemCode.PeriodNotBegun, period.Label));
            return null;
        }

        return period;
    }

    private static Dictionary<string, double> CheckValues(IReadOnlyDictionary<string, string?>? given, ManualSeries series, List<ManualEntryProblem> problems)
    {
        var known = string.Join(", ", series.Figures.Select(f => f.Field));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var count = problems.Count;
        foreach (var (field, text) in given ?? new Dictionary<string, string?>())
        {
            // A box left empty on the form is a figure not entered this time.
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var at = $"values.{field}";
            if (series.Find(field) is not { } figure)
            {
                problems.Add(new(at, ManualEntryProblemCode.UnknownFigure, field, known));
                continue;
            }

            if (!TryParseNumber(text, out var value))
            {
                problems.Add(new(at, ManualEntryProblemCode.NotANumber, text.Trim()));
            }
            else if (figure.Min is { } min && value < min)
            {
                problems.Add(new(at, ManualEntryProblemCode.BelowMin, Invariant(value), Invariant(min)));
            }
            else if (figure.Max is { } max && value > max)
            {
                problems.Add(new(at, ManualEntryProblemCode.AboveMax, Invariant(value), Invariant(max)));
            }
            else
            {
                values[figure.Field] = value;
            }
        }

        if (values.Count == 0 && problems.Count == count)
        {
            problems.Add(new("values", ManualEntryProblemCode.ValuesRequired, known));
        }

        return values;
    }

    /// <summary>A decimal point, or a decimal comma as Vietnamese documents write it (0,5934); no thousands separators.</summary>
    internal static bool TryParseNumber(string text, out double value)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains(',', StringComparison.Ordinal) && !trimmed.Contains('.', StringComparison.Ordinal) && trimmed.Count(c => c == ',') == 1)
        {
            trimmed = trimmed.Replace(',', '.');
        }

        return double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ManualEntryDocument? CheckDocument(ManualEntrySubmission submission, DateTimeOffset now, List<ManualEntryProblem> problems)
    {
        var count = problems.Count;
        var number = Text(submission.DocumentNumber, "document.number", MaxNumber, problems);
        if (number is null && problems.Count == count)
        {
            problems.Add(new("document.number", ManualEntryProblemCode.DocumentNumberRequired));
        }

        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(submission.DocumentDate))
        {
            problems.Add(new("document.date", ManualEntryProblemCode.DocumentDateRequired));
        }
        else if (!DateOnly.TryParseExact(submission.DocumentDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problems.Add(new("document.date", ManualEntryProblemCode.DocumentDateFormat, submission.DocumentDate.Trim()));
        }
        else if (date > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)))
        {
            // A day ahead of UTC: Vietnam's today is UTC's tomorrow for seven hours of each day.
            problems.Add(new("document.date", ManualEntryProblemCode.DocumentDateInFuture, submission.DocumentDate.Trim()));
        }

        var issuer = Text(submission.Issuer, "document.issuer", MaxIssuer, problems);
        var title = Text(submission.Title, "document.title", MaxTitle, problems);
        var url = Text(submission.Url, "document.url", MaxUrl, problems);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            problems.Add(new("document.url", ManualEntryProblemCode.UrlInvalid, url));
        }

        return problems.Count > count ? null : new ManualEntryDocument(number!, date, issuer, title, url);
    }

    private static string? Text(string? value, string field, int max, List<ManualEntryProblem> problems)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > max)
        {
            problems.Add(new(field, ManualEntryProblemCode.TooLong, max.ToString(CultureInfo.InvariantCulture)));
            return null;
        }

        return trimmed;
    }

    [LoggerMessage(LogLevel.Information, "Entered {Count} figures of {CollectorId} for {Period} by {Actor}")]
    private partial void LogEntered(string collectorId, string period, int count, string actor);
}
