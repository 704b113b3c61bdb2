using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Features.Query;
using Ioc.Server.Features.Sources;

namespace Ioc.Server.Features.Provenance;

/// <param name="Value">The series' value (summed when the tags match several series), or the ratio's.</param>
/// <param name="Series">For one series: its points and their sources.</param>
/// <param name="Numerator">For a ratio: the numerator's points and their sources.</param>
public sealed record ProvenanceAnswer(double AsOf, double? Value, ProvenancePart? Series, ProvenancePart? Numerator, ProvenancePart? Denominator, double? Scale);

/// <param name="Sum">The points' values added up.</param>
/// <param name="Points">The newest point at or before the time of each matching series (at most <see cref="ProvenanceTracer.MaxPoints"/>).</param>
/// <param name="More">Series matched beyond those listed.</param>
public sealed record ProvenancePart(string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, double Sum, IReadOnlyList<PointProvenance> Points, int More);

/// <param name="Time">Unix milliseconds of the point.</param>
public sealed record PointProvenance(string Series, IReadOnlyDictionary<string, string> Tags, double Time, double Value, IReadOnlyList<PointSource> Sources);

/// <param name="Source"><c>collector:&lt;id&gt;</c> or <c>key:&lt;id&gt;</c>.</param>
/// <param name="Kind">The collector's kind, or <c>api-key</c>.</param>
/// <param name="Match"><c>run</c>: a run of this slot wrote it; <c>entry</c>: an entered figure of this period; <c>nearest</c>: the newest run before it; <c>writer</c>: the source writes this measurement, no run tells more.</param>
/// <param name="LastError">The source's latest error, for administrators only.</param>
public sealed record PointSource(string Source, string Id, string Name, string Kind, SourceState State, double? LastSuccess, string Match, RunProvenance? Run, EntryProvenance? Entry, string? LastError);

/// <param name="Slot">Unix milliseconds of the slot the run stood for.</param>
/// <param name="Error">For administrators only.</param>
public sealed record RunProvenance(double Slot, double StartedAt, double DurationMs, string Node, CollectorRunOutcome Outcome, int Points, bool Replay, string? Error);

/// <param name="Url">The document's address without user-info or query.</param>
public sealed record EntryProvenance(string Period, string Field, double Value, string Number, DateOnly Date, string? Issuer, string? Title, string? Url, string EnteredBy, double EnteredAt);

/// <summary>
/// Where a number comes from: the stored point at or before a time, the source that wrote its measurement, the
/// collector run of its slot (or the nearest run before it), and for an entered figure its document.
/// </summary>
internal sealed class ProvenanceTracer(IMetricStore store, SourceBoard board, CollectorCatalog catalog, ICollectorRunStore runs, IManualEntryStore entries)
{
    public const int MaxPoints = 20;

    /// <summary>Runs of one collector searched for the run of a slot.</summary>
    public const int RunsSearched = 2000;

    public const string RunMatch = "run";
    public const string EntryMatch = "entry";
    public const string NearestMatch = "nearest";
    public const string WriterMatch = "writer";

    /// <param name="at">Unix nanoseconds.</param>
    /// <returns>Null when no series has a point at or before the time.</returns>
    public async Task<ProvenanceAnswer?> TraceAsync(KpiMeasure measure, string? unit, long at, bool admin, CancellationToken cancellationToken)
    {
        var asOf = WholeMilliseconds(at);
        if (!measure.IsRatio)
        {
            var part = await PartAsync(measure.Series!.ToSelector(unit), at, admin, cancellationToken);
            return part is null ? null : new ProvenanceAnswer(asOf, part.Sum, part, null, null, null);
        }

        var numerator = await PartAsync(measure.Numerator!.ToSelector(unit), at, admin, cancellationToken);
        var denominator = await PartAsync(measure.Denominator!.ToSelector(unit), at, admin, cancellationToken);
        if (numerator is null && denominator is null)
        {
            return null;
        }

        var value = numerator is null || denominator is null ? null : measure.Compute(numerator.Sum, denominator.Sum);
        return new ProvenanceAnswer(asOf, value, null, numerator, denominator, measure.Scale);
    }

    private async Task<ProvenancePart?> PartAsync(SeriesSelector selector, long at, bool admin, CancellationToken cancellationToken)
    {
        var (points, matched) = await PointLocator.AtOrBeforeAsync(store, selector, at, MaxPoints, cancellationToken);
        if (matched == 0)
        {
            return null;
        }

        var writers = await board.WritingAsync([selector.Measurement], cancellationToken);
        var traced = new List<PointProvenance>(points.Count);
        var history = new Dictionary<string, IReadOnlyList<CollectorRunRecord>>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            var sources = new List<PointSource>();
            foreach (var writer in writers)
            {
                sources.Add(await SourceAsync(writer, point, history, admin, cancellationToken));
            }

            // The source that ran this very slot first; a mere writer of the measurement last.
            traced.Add(new PointProvenance(
                point.Series.Text,
                QueryApi.Tags(point.Series),
                WholeMilliseconds(point.Timestamp),
                point.Value,
                [.. sources.OrderBy(s => s.Match switch { RunMatch or EntryMatch => 0, NearestMatch => 1, _ => 2 }).ThenBy(s => s.Source, StringComparer.Ordinal)]));
        }

        var sum = points.Sum(p => p.Value);
        return new ProvenancePart(selector.Measurement, selector.Tags, selector.Field, sum, traced, matched - points.Count);
    }

    private async Task<PointSource> SourceAsync(
        SourceView writer, LocatedPoint point, Dictionary<string, IReadOnlyList<CollectorRunRecord>> history, bool admin, CancellationToken cancellationToken)
    {
        var error = admin ? writer.LastError : null;
        var lastSuccess = writer.LastSuccess?.ToUnixTimeMilliseconds();
        if (writer.Kind == SourceBoard.ApiKeyKind)
        {
            return new PointSource(writer.Source, writer.Id, writer.Name, writer.Kind, writer.State, lastSuccess, WriterMatch, null, null, null);
        }

        if (!history.TryGetValue(writer.Id, out var collectorRuns))
        {
            history[writer.Id] = collectorRuns = await runs.ListRunsAsync(writer.Id, RunsSearched, cancellationToken);
        }

        var time = WholeMilliseconds(point.Timestamp);
        var exact = collectorRuns.FirstOrDefault(r => r.Outcome == CollectorRunOutcome.Succeeded && r.Slot.ToUnixTimeMilliseconds() == time);
        var nearest = exact ?? collectorRuns
            .Where(r => r.Outcome == CollectorRunOutcome.Succeeded && r.Points > 0 && r.Slot.ToUnixTimeMilliseconds() <= time)
            .MaxBy(r => r.Slot);
        var run = nearest is null ? null : Run(nearest, admin);

        EntryProvenance? entry = null;
        if (catalog.TryGet(writer.Id, out _, out var collector) && collector is IManualCollector)
        {
            var figure = (await entries.ListEntriesAsync(writer.Id, cancellationToken))
                .FirstOrDefault(e => e.PeriodStart.ToUnixTimeMilliseconds() == time && string.Equals(e.Field, point.Field, StringComparison.Ordinal));
            entry = figure is null ? null : Entry(figure);
        }

        var match = entry is not null ? EntryMatch : exact is not null ? RunMatch : nearest is not null ? NearestMatch : WriterMatch;
        return new PointSource(writer.Source, writer.Id, writer.Name, writer.Kind, writer.State, lastSuccess, match, run, entry, error);
    }

    /// <summary>Unix milliseconds counted in whole numbers: today's nanoseconds are past what a double holds exactly.</summary>
    private static double WholeMilliseconds(long nanoseconds) => nanoseconds / 1_000_000;

    private static RunProvenance Run(CollectorRunRecord run, bool admin) => new(
        run.Slot.ToUnixTimeMilliseconds(),
        run.StartedAt.ToUnixTimeMilliseconds(),
        run.Duration.TotalMilliseconds,
        run.Node,
        run.Outcome,
        run.Points,
        run.Replay,
        admin && run.Error is { } error ? RedactedUrl.InText(error) : null);

    private static EntryProvenance Entry(ManualEntry e)
    {
        var url = e.Document.Url is { } text && Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? RedactedUrl.Of(parsed) : null;
        return new EntryProvenance(
            e.Period, e.Field, e.Value, e.Document.Number, e.Document.Date, e.Document.Issuer, e.Document.Title, url, e.EnteredBy, e.EnteredAt.ToUnixTimeMilliseconds());
    }
}
