using System.ComponentModel.DataAnnotations;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.InfluxDb;

/// <summary>
/// The production store: InfluxDB through its v1-compatible HTTP API, so 1.x, 2.x (v1 compatibility, with a
/// DBRP mapping) and 3.x all serve. Every field is written as a float, as <see cref="LineProtocolFormatter"/>
/// writes it: one type per field means no type conflicts between Ioc's own writes. Downsampling is pushed down
/// as <c>GROUP BY time</c>, whose buckets InfluxDB aligns to the epoch exactly as <see cref="BucketPlan"/> does.
/// </summary>
internal sealed partial class InfluxDbMetricStore : IMetricStore, ISeriesCatalog, IDisposable
{
    private readonly InfluxDbEndpoint _endpoint;
    private readonly ILogger<InfluxDbMetricStore> _logger;
    private readonly Precision _precision;
    private readonly string? _retentionPolicy;
    private readonly int _batchSize;
    private readonly bool _gzip;
    private long _rejectedPoints;
    private volatile bool _disposed;

    public InfluxDbMetricStore(IOptions<InfluxDbMetricStoreOptions> options, ILogger<InfluxDbMetricStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        _logger = logger;
        _precision = settings.WritePrecision;
        _retentionPolicy = string.IsNullOrEmpty(settings.RetentionPolicy) ? null : settings.RetentionPolicy;
        _batchSize = settings.BatchSize;
        _gzip = settings.CompressesWrites;
        _endpoint = new InfluxDbEndpoint(settings, logger);
    }

    /// <summary>Points InfluxDB refused as invalid since start (field-type conflicts and the like); each was logged.</summary>
    public long RejectedPoints => Interlocked.Read(ref _rejectedPoints);

    /// <summary>
    /// Posts the points in requests of at most BatchSize lines, one after another. Lines InfluxDB refuses as
    /// invalid (400, 422) are found by splitting their request in halves until each refused line stands alone; the
    /// others are stored, the refused ones logged and counted in <see cref="RejectedPoints"/>, and nothing is thrown.
    /// Timestamps are truncated to the configured precision (default milliseconds).
    /// </summary>
    /// <exception cref="StoreUnavailableException">
    /// InfluxDB could not take a request now (no connection, time-out, 408, 429, 5xx, or a setup error such as an
    /// unknown database). The requests before the failing one <b>were stored</b>: unlike the port's all-or-nothing
    /// promise, a multi-request write may leave a prefix behind. Replaying the whole write is safe: every point has
    /// an explicit timestamp, so a repeat overwrites the same series and time instead of adding to it.
    /// </exception>
    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var batches = (points.Count + _batchSize - 1) / _batchSize;
        if (batches == 0)
        {
            return;
        }

        // While one request is on its way, the next batch is formatted and compressed: the client's work then
        // overlaps InfluxDB's instead of adding to it. Requests still go one after another, so a failure leaves
        // a prefix stored, never a gap.
        var current = Prepare(points, 0);
        Task<(InfluxLineBatch Lines, ReadOnlyMemory<byte> Body)>? next = null;
        try
        {
            for (var following = 1; ; following++)
            {
                var index = following;
                next = index < batches ? Task.Run(() => Prepare(points, index), CancellationToken.None) : null;
                var response = await _endpoint.WriteAsync(current.Body, _gzip, cancellationToken);
                if (!response.Stored)
                {
                    LogSplitting(current.Lines.Count, response.Error);
                    await IsolateRefusedAsync(current.Lines, 0, current.Lines.Count, response, cancellationToken);
                }

                if (next is null)
                {
                    break;
                }

                current = await next;
                next = null;
            }
        }
        finally
        {
            // Not left running behind a failed write; formatting valid points ends in milliseconds and cannot fail.
            if (next is not null)
            {
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        LogStored(points.Count);
    }

    public async Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var plan = BucketPlan.Create(query.From, query.To, query.MaxBuckets);
        var series = await QueryAsync(InfluxQl.Range(query, plan, _retentionPolicy), query.Selector, cancellationToken);
        return series
            .Select(s => new SeriesRange(s.Key, query.Selector.Field, plan.Width, s.Rows.Select(r => new BucketValue(r.Time, r.Value)).ToList()))
            .ToList();
    }

    public async Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var series = await QueryAsync(InfluxQl.Last(selector, _retentionPolicy), selector, cancellationToken);
        return series
            .Select(s => new LastValue(s.Key, selector.Field, s.Rows[^1].Time, s.Rows[^1].Value))
            .ToList();
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (answered, reason) = await _endpoint.PingAsync(cancellationToken);
        if (!answered)
        {
            LogNotAnswering(_endpoint.Url, reason);
        }

        return answered;
    }

    public void Dispose()
    {
        _disposed = true;
        _endpoint.Dispose();
    }

    /// <summary>
    /// Halves a refused request until each refused line stands alone. Lines a half stores again were maybe stored
    /// already (1.x and 2.x keep the valid lines of a partial write); writing them twice changes nothing.
    /// </summary>
    private async Task IsolateRefusedAsync(InfluxLineBatch lines, int start, int count, InfluxWriteResponse refusal, CancellationToken cancellationToken)
    {
        // One line left, or InfluxDB says it dropped every point: no split can save any of them.
        if (count == 1 || refusal.Dropped == count)
        {
            for (var i = start; i < start + count; i++)
            {
                LogRefused(lines.Line(i), refusal.Error);
            }

            Interlocked.Add(ref _rejectedPoints, count);
            return;
        }

        var half = count / 2;
        foreach (var (partStart, partCount) in new[] { (start, half), (start + half, count - half) })
        {
            var response = await _endpoint.WriteAsync(lines.Encode(partStart, partCount, _gzip), _gzip, cancellationToken);
            if (!response.Stored)
            {
                await IsolateRefusedAsync(lines, partStart, partCount, response, cancellationToken);
            }
        }
    }

    public async Task<IReadOnlyList<SeriesKey>> ListSeriesAsync(string measurement, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var answer = await _endpoint.QueryAsync(InfluxQl.ShowSeries(measurement, _retentionPolicy, limit), cancellationToken);
        return InfluxQueryResult.ReadSeriesKeys(answer);
    }

    private async Task<List<InfluxSeries>> QueryAsync(string influxQl, SeriesSelector selector, CancellationToken cancellationToken)
    {
        using var answer = await _endpoint.QueryAsync(influxQl, cancellationToken);

        // Ordered by series key, as the embedded store answers, so both stores list series alike.
        return InfluxQueryResult.Read(answer, selector.Measurement)
            .Where(s => s.Rows.Count > 0 && selector.Matches(s.Key))
            .OrderBy(s => s.Key.Text, StringComparer.Ordinal)
            .ToList();
    }

    private (InfluxLineBatch Lines, ReadOnlyMemory<byte> Body) Prepare(IReadOnlyList<MetricPoint> points, int batch)
    {
        var start = batch * _batchSize;
        var count = Math.Min(_batchSize, points.Count - start);

        // Lines that came canonical at this precision go on as they came: formatting them again would say the same.
        var lines = points is LineProtocolPoints { Precision: var precision } received && precision == _precision
            ? InfluxLineBatch.Wrap(received.Utf8, start, count)
            : InfluxLineBatch.Format(points, start, count, _precision);
        return (lines, lines.Encode(0, lines.Count, _gzip));
    }

    [LoggerMessage(LogLevel.Debug, "Stored {Count} points in InfluxDB")]
    private partial void LogStored(int count);

    [LoggerMessage(LogLevel.Warning, "InfluxDB refused part of a request of {Count} lines ({Error}); splitting it to store the valid lines")]
    private partial void LogSplitting(int count, string error);

    [LoggerMessage(LogLevel.Warning, "InfluxDB refused the line {Line}: {Error}")]
    private partial void LogRefused(string line, string error);

    [LoggerMessage(LogLevel.Warning, "InfluxDB at {Url} does not answer: {Reason}")]
    private partial void LogNotAnswering(string url, string reason);
}
