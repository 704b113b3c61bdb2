using System.Diagnostics.Metrics;

namespace Ioc.Storage.Spool;

/// <summary>
/// The spool's status as instruments of the <c>Ioc.Storage.Spool</c> meter, for OpenTelemetry or
/// <c>dotnet-counters</c>; observed from the status snapshot, so measuring never waits on the spool's lock.
/// The meter is tagged with the spool's folder, which tells two spools of one process apart.
/// </summary>
internal sealed class SpoolMetrics : IDisposable
{
    public const string MeterName = "Ioc.Storage.Spool";

    private readonly Meter _meter;

    public SpoolMetrics(string folder, Func<SpoolStatus> status)
    {
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [new("ioc.spool.path", folder)] });
        _meter.CreateObservableGauge("ioc.spool.depth.points", () => status().DepthPoints, "{point}", "Points spooled and waiting for the store");
        _meter.CreateObservableGauge("ioc.spool.depth.bytes", () => status().DepthBytes, "By", "Bytes of points waiting in the spool");
        _meter.CreateObservableGauge("ioc.spool.limit.bytes", () => status().MaxBytes, "By", "Spool size at which writes are refused");
        _meter.CreateObservableCounter("ioc.spool.replayed.points", () => status().ReplayedPoints, "{point}", "Points replayed into the store");
        _meter.CreateObservableCounter("ioc.spool.dropped.points", () => status().DroppedPoints, "{point}", "Points refused by a full spool or lost to damage");
    }

    public void Dispose() => _meter.Dispose();
}
