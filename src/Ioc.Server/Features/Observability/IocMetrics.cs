using Prometheus;

namespace Ioc.Server.Features.Observability;

/// <summary>
/// Every metric <c>/metrics</c> shows, in one place. Each host has its own registry (two hosts in one process, as in
/// the tests, never count into each other); names carry their unit (<c>_total</c>, <c>_seconds</c>, <c>_bytes</c>).
/// Code counts where the thing happens; gauges of state held elsewhere are read just before each scrape.
/// </summary>
internal sealed class IocMetrics
{
    /// <summary>The <c>source</c> of points pushed through the write API; a collector's points carry its kind.</summary>
    public const string WriteSource = "write";

    public IocMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = Prometheus.Metrics.WithCustomRegistry(Registry);
        IngestPoints = metrics.CreateCounter("ioc_ingest_points_total", "Points accepted and stored, by source: write (the write API) or the collector's kind.", "source");
        IngestBatches = metrics.CreateCounter("ioc_ingest_batches_total", "Batches accepted and stored (one write request or one collector run), by source.", "source");
        RejectedLines = metrics.CreateCounter("ioc_ingest_rejected_lines_total", "Invalid lines in write requests refused as a whole.");
        SpoolDepthPoints = metrics.CreateGauge("ioc_spool_depth_points", "Points waiting in the spool for the metric store.");
        SpoolDepthBytes = metrics.CreateGauge("ioc_spool_depth_bytes", "Bytes of points waiting in the spool.");
        SpoolLimitBytes = metrics.CreateGauge("ioc_spool_limit_bytes", "Spool size at which writes are refused.");
        SpoolReplayedPoints = metrics.CreateCounter("ioc_spool_replayed_points_total", "Points replayed from the spool into the metric store.");
        SpoolDroppedPoints = metrics.CreateCounter("ioc_spool_dropped_points_total", "Points refused by a full spool or lost to damage.");
        CollectorRuns = metrics.CreateCounter("ioc_collector_runs_total", "Collector runs, by collector and outcome (succeeded, failed, skipped).", "collector", "outcome");
        CollectorRunDuration = metrics.CreateHistogram(
            "ioc_collector_run_duration_seconds",
            "How long collector runs took, retries included, by collector.",
            new HistogramConfiguration { LabelNames = ["collector"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 12) });
        HubConnections = metrics.CreateGauge("ioc_hub_connections", "Live hub connections open now (wall screens and signed-in pages).");
        HubMessagesSent = metrics.CreateCounter("ioc_hub_messages_sent_total", "Live messages sent to the hub, one per dashboard or series group per batch.");
        HubMessagesDropped = metrics.CreateCounter("ioc_hub_messages_dropped_total", "Live messages dropped because screens fell behind (they resync).");
        Screens = metrics.CreateGauge("ioc_screens", "Wall screens by state: ok, silent (no heartbeat), stale (no update while its sources are fresh).", "state");

        // Series that exist from the start, so a rate over them is defined before the first event.
        IngestPoints.WithLabels(WriteSource);
        IngestBatches.WithLabels(WriteSource);
        foreach (var state in ScreenStates.All)
        {
            Screens.WithLabels(state);
        }
    }

    public CollectorRegistry Registry { get; }

    public Counter IngestPoints { get; }

    public Counter IngestBatches { get; }

    public Counter RejectedLines { get; }

    public Gauge SpoolDepthPoints { get; }

    public Gauge SpoolDepthBytes { get; }

    public Gauge SpoolLimitBytes { get; }

    public Counter SpoolReplayedPoints { get; }

    public Counter SpoolDroppedPoints { get; }

    public Counter CollectorRuns { get; }

    public Histogram CollectorRunDuration { get; }

    public Gauge HubConnections { get; }

    public Counter HubMessagesSent { get; }

    public Counter HubMessagesDropped { get; }

    public Gauge Screens { get; }

    /// <summary>One accepted batch of <paramref name="points"/> from <paramref name="source"/>.</summary>
    public void Ingested(string source, int points)
    {
        IngestBatches.WithLabels(source).Inc();
        IngestPoints.WithLabels(source).Inc(points);
    }
}
