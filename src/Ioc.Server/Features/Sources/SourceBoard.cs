using Ioc.Core.Access;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Features.Ingest;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Sources;

/// <param name="Id">The collector's id, or the API key's id.</param>
/// <param name="Source">The source's name in the source-series map: <c>collector:&lt;id&gt;</c> or <c>key:&lt;id&gt;</c>.</param>
/// <param name="Kind">The collector's kind, or <c>api-key</c>.</param>
/// <param name="LastSuccess">A collector's newest collected slot, on any node; an API key's newest write.</param>
/// <param name="AgeSeconds">How old that is now.</param>
/// <param name="ExpectedFreshnessSeconds">A collector's <c>freshness</c> (or twice its schedule's gap); <c>Ioc:Ingest:KeyFreshness</c> for a key.</param>
/// <param name="Measurements">The measurements it has written, as far as any node recorded.</param>
public sealed record SourceView(
    string Id,
    string Name,
    string Kind,
    SourceState State,
    DateTimeOffset? LastSuccess,
    double? AgeSeconds,
    double ExpectedFreshnessSeconds,
    string? LastError,
    string Source,
    IReadOnlyList<string> Measurements);

/// <summary>
/// Judges every source: each collector from its run history (<see cref="SourceJudgement"/>), each API key from its
/// newest recorded write — fresh within <see cref="IngestOptions.KeyFreshness"/>, late after, disabled once revoked.
/// </summary>
internal sealed class SourceBoard(
    CollectorCatalog catalog, ICollectorRunStore runs, IManualEntryStore entries, IAccessStore access, ISourceSeriesStore series, TimeProvider clock, IOptions<IngestOptions> ingest)
{
    public const string ApiKeyKind = "api-key";

    /// <summary>Every collector, then every API key.</summary>
    public async Task<IReadOnlyList<SourceView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var definitions = catalog.Definitions.ToList();
        // A metrics key reads /metrics and feeds nothing: it is no source.
        var keys = (await access.ListApiKeysAsync(cancellationToken)).Where(k => k.Scope == ApiKeyScope.Write).ToList();
        var names = definitions.Select(d => SourceNames.Collector(d.Id)).Concat(keys.Select(k => SourceNames.Key(k.Id))).ToList();
        var written = (await series.ListBySourcesAsync(names, cancellationToken)).ToLookup(s => s.Source, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var sources = new List<SourceView>(names.Count);
        foreach (var definition in definitions)
        {
            sources.Add(await CollectorAsync(definition, written[SourceNames.Collector(definition.Id)], now, cancellationToken));
        }

        sources.AddRange(keys.Select(k => Key(k, written[SourceNames.Key(k.Id)], now)));
        return sources;
    }

    /// <summary>The sources that wrote any of <paramref name="measurements"/>; ones since deleted are left out.</summary>
    public async Task<IReadOnlyList<SourceView>> WritingAsync(IReadOnlyCollection<string> measurements, CancellationToken cancellationToken = default)
    {
        var pairs = await series.ListByMeasurementsAsync(measurements, cancellationToken);
        var now = clock.GetUtcNow();
        var sources = new List<SourceView>();
        foreach (var group in pairs.GroupBy(p => p.Source, StringComparer.Ordinal))
        {
            if (group.Key.StartsWith(SourceNames.CollectorPrefix, StringComparison.Ordinal))
            {
                if (catalog.TryGet(group.Key[SourceNames.CollectorPrefix.Length..], out var definition, out _))
                {
                    sources.Add(await CollectorAsync(definition, group, now, cancellationToken));
                }
            }
            else if (group.Key.StartsWith(SourceNames.KeyPrefix, StringComparison.Ordinal)
                && await access.FindApiKeyAsync(group.Key[SourceNames.KeyPrefix.Length..], cancellationToken) is { } key)
            {
                sources.Add(Key(key, group, now));
            }
        }

        return sources;
    }

    private async Task<SourceView> CollectorAsync(CollectorDefinition definition, IEnumerable<SourceSeries> written, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A manual collector is judged by its newest entered period, which outlives the pruned run history.
        catalog.TryGet(definition.Id, out _, out var collector);
        var newestEntry = await SourceJudgement.NewestEntryAsync(collector, definition.Id, entries, cancellationToken);
        var recent = await runs.ListRunsAsync(definition.Id, SourceJudgement.RunsJudged, cancellationToken);
        var judged = SourceJudgement.Of(definition, recent, now, collector, newestEntry, await runs.LastSucceededSlotAsync(definition.Id, cancellationToken));
        return new SourceView(
            definition.Id,
            definition.Name,
            definition.Kind,
            judged.State,
            judged.LastSuccess,
            (now - judged.LastSuccess)?.TotalSeconds,
            judged.Expected.TotalSeconds,
            judged.LastScheduled?.Error,
            SourceNames.Collector(definition.Id),
            Measurements(written));
    }

    private SourceView Key(ApiKey key, IEnumerable<SourceSeries> written, DateTimeOffset now)
    {
        var pairs = written.ToList();
        DateTimeOffset? last = pairs.Count == 0 ? null : pairs.Max(p => p.LastSeenAt);
        var expected = ingest.Value.KeyFreshness;
        var state = !key.IsActive ? SourceState.Disabled : last is { } at && now - at <= expected ? SourceState.Fresh : SourceState.Late;
        return new SourceView(
            key.Id, key.Name, ApiKeyKind, state, last, (now - last)?.TotalSeconds, expected.TotalSeconds, null, SourceNames.Key(key.Id), Measurements(pairs));
    }

    private static IReadOnlyList<string> Measurements(IEnumerable<SourceSeries> written) =>
        [.. written.Select(s => s.Measurement).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
