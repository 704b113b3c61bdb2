using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Ingest;

public sealed class IngestOptions
{
    public const string Section = "Ioc:Ingest";

    /// <summary>Largest request body, after decompression, that a write may carry.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// How far in the future a timestamp may lie (clock skew of senders). Kept short: a point from the future
    /// would read as live on a wall until its time came.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Series (tag sets) one measurement may hold; a batch that would add more is refused whole.</summary>
    [Range(1, 10_000_000)]
    public int MaxSeriesPerMeasurement { get; set; } = 10_000;

    /// <summary>New series one API key may create while this process runs; a batch that would add more is refused whole.</summary>
    [Range(1, 100_000_000)]
    public int MaxSeriesPerKey { get; set; } = 50_000;

    /// <summary>How long after its newest write an API key's figures count as fresh on the wall; later it is late.</summary>
    [Range(typeof(TimeSpan), "00:02:00", "7.00:00:00")]
    public TimeSpan KeyFreshness { get; set; } = TimeSpan.FromMinutes(15);
}
