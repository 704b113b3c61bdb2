using System.Text;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Collectors.Prometheus;

/// <summary>
/// Scrapes one Prometheus text endpoint and maps the selected samples to points stamped with the run's scheduled
/// slot; the runner bounds it with the definition's timeout.
/// </summary>
internal sealed partial class PrometheusCollector : ICollector
{
    /// <summary>Content-Type of the format this collector reads; an answer without one is read as such too.</summary>
    internal const string TextMediaType = "text/plain";

    // Strict: bytes that are not UTF-8 fail the run rather than turn into U+FFFD inside a tag.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly HttpSource _source;
    private readonly Uri _url;
    private readonly PrometheusPointMapping _mapping;
    private readonly ILogger _logger;

    public PrometheusCollector(HttpSource source, Uri url, PrometheusPointMapping mapping, ILogger logger)
    {
        _source = source;
        _url = url;
        _mapping = mapping;
        _logger = logger;
    }

    public async Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await ScrapeAsync(context, cancellationToken);
        if (result.NonFinite > 0)
        {
            LogNonFinite(context.CollectorId, result.NonFinite, context.ScheduledTime, string.Join("; ", result.NonFiniteExamples));
        }

        if (result.Unmatched.Count > 0)
        {
            LogUnmatched(context.CollectorId, context.ScheduledTime, string.Join(", ", result.Unmatched.Select(s => s.Describe)));
        }

        return result.Points;
    }

    /// <summary>The points with what was left out; <see cref="CollectAsync"/> logs the latter.</summary>
    internal Task<PrometheusScrapeResult> ScrapeAsync(CollectContext context, CancellationToken cancellationToken) =>
        _source.ReadAsync(context.CollectorId, _url, (answer, token) => ReadAsync(answer, context.Timestamp, token), cancellationToken);

    private async Task<PrometheusScrapeResult> ReadAsync(HttpAnswer answer, long timestamp, CancellationToken cancellationToken)
    {
        if (answer.MediaType is { } mediaType && !string.Equals(mediaType, TextMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new CollectorException(
                $"GET {answer.ShownUrl}: the answer is {answer.MediaType}, not Prometheus text ({TextMediaType}; version=0.0.4); is this the metrics endpoint?");
        }

        var scrape = _mapping.Begin(timestamp, $"GET {answer.ShownUrl}");
        var parser = new PrometheusTextParser();
        using var reader = new StreamReader(answer.Body, Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var number = 0;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                number++;
                if (parser.ParseLine(line, number) is { } sample)
                {
                    scrape.Add(sample);
                }
            }
        }
        catch (PrometheusFormatException ex)
        {
            throw new CollectorException($"GET {answer.ShownUrl}: the answer is not Prometheus text at {ex.Message}", ex);
        }
        catch (DecoderFallbackException ex)
        {
            // The reader decodes ahead in blocks: the bad bytes are somewhere past the last line it gave.
            var where = number == 0 ? "within its first lines" : $"after line {number}";
            throw new CollectorException($"GET {answer.ShownUrl}: the answer is not UTF-8 text (bytes {where} cannot be decoded)", ex);
        }

        return scrape.Finish();
    }

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} skipped {Count} NaN or infinite samples for {ScheduledTime:o}; only finite numbers are stored. First: {Examples}")]
    private partial void LogNonFinite(string collectorId, int count, DateTimeOffset scheduledTime, string examples);

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} for {ScheduledTime:o}: no sample of the answer matched {Selections}")]
    private partial void LogUnmatched(string collectorId, DateTimeOffset scheduledTime, string selections);
}
